package sockscan

import (
	"strconv"
	"unicode"
)

// Printable returns s as it can be shown on a terminal: unchanged when
// every character is printable, otherwise quoted with Go's escapes
// (strconv.Quote). Process names (Command fields) come from
// /proc/<pid>/comm, which every process sets for itself: one named with
// escape sequences could clear the screen or hide rows of a report that
// printed them as they are.
func Printable(s string) string {
	for _, r := range s {
		if r == unicode.ReplacementChar || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

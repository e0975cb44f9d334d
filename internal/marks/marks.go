package marks

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A Mark is a line of a fixture that ends in a `// LEAK(pass)` comment:
// Pass must report a finding on that line.
type Mark struct {
	File string // base name of the file
	Line int    // 1-based
	Pass string
}

// String returns "file.go:line".
func (m Mark) String() string { return fmt.Sprintf("%s:%d", m.File, m.Line) }

// markRx matches a mark; leakRx, anything that looks like one.
var (
	markRx = regexp.MustCompile(`//\s*LEAK\((\w+)\)`)
	leakRx = regexp.MustCompile(`//\s*LEAK\b`)
)

// Find returns the marks of the .go files in dir, sorted by file and
// line. Lines that are only a comment (a doc comment may describe the
// convention) are not marks. It fails the test if dir has no mark, or if
// a line carries a LEAK comment that does not name its pass.
func Find(t testing.TB, dir string) []Mark {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var ms []Mark
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		for n := 1; sc.Scan(); n++ {
			text := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(text, "//") || !leakRx.MatchString(text) {
				continue
			}
			m := markRx.FindStringSubmatch(text)
			if m == nil {
				t.Fatalf("%s:%d: a LEAK mark must name its pass, as in // LEAK(connleak): %s", f, n, text)
			}
			ms = append(ms, Mark{filepath.Base(f), n, m[1]})
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if len(ms) == 0 {
		t.Fatalf("no // LEAK(pass) mark in %s", dir)
	}
	slices.SortFunc(ms, func(a, b Mark) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	})
	return ms
}

// Lines returns "file.go:line" for each mark of Find, sorted as strings
// (as a test sorts the positions it collects to compare with them).
func Lines(t testing.TB, dir string) []string {
	t.Helper()
	var lines []string
	for _, m := range Find(t, dir) {
		lines = append(lines, m.String())
	}
	slices.Sort(lines)
	return lines
}

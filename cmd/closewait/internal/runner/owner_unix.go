//go:build unix

package runner

import (
	"fmt"
	"os"
	"syscall"
)

// private reports whether the file fi describes belongs to the process's
// user and no one else may read or write it.
func private(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid() && fi.Mode().Perm()&0o077 == 0
}

// ownerNote says who owns the file, if not the process's user.
func ownerNote(fi os.FileInfo) string {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Sprintf(", owner uid %d", st.Uid)
	}
	return ""
}

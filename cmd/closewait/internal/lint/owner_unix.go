//go:build unix

package lint

import (
	"os"
	"syscall"
)

// chownLike gives f the owner and group of the file fi describes, if the
// process may (root may; others keep their own): a file replaced by a
// renamed copy keeps its owner.
func chownLike(f *os.File, fi os.FileInfo) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		_ = f.Chown(int(st.Uid), int(st.Gid)) // best effort
	}
}

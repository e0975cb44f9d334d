package exporter

import (
	"fmt"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

// netnsFileInode returns the inode of a network namespace file, checking
// that it is one (through the nsfs filesystem's magic number).
func netnsFileInode(path string) (uint64, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return 0, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	var fs unix.Statfs_t
	if err := unix.Statfs(path, &fs); err != nil {
		return 0, &os.PathError{Op: "statfs", Path: path, Err: err}
	}
	if fs.Type != unix.NSFS_MAGIC {
		return 0, fmt.Errorf("%s is not a namespace file", path)
	}
	return st.Ino, nil
}

// procNetNS returns the inode of pid's network namespace.
func procNetNS(pid int) (uint64, error) {
	var st unix.Stat_t
	p := "/proc/" + strconv.Itoa(pid) + "/ns/net"
	if err := unix.Stat(p, &st); err != nil {
		return 0, &os.PathError{Op: "stat", Path: p, Err: err}
	}
	return st.Ino, nil
}

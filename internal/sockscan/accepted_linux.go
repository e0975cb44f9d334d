package sockscan

import "golang.org/x/sys/unix"

// AcceptedHere reports whether descriptor fd of the current process, if it
// still holds the socket with inode ino, was accepted from a listener
// rather than dialed, when no listening socket is left to tell by its
// port (the test closed its listener before the deferred check). The
// accepted socket inherits its listener's SO_REUSEADDR, which Go's
// net.Listen always sets and its dialer never does.
func AcceptedHere(fd int, ino uint64) bool {
	var st unix.Stat_t
	if fd < 0 || unix.Fstat(fd, &st) != nil || st.Ino != ino || st.Mode&unix.S_IFMT != unix.S_IFSOCK {
		return false
	}
	v, err := unix.GetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR)
	return err == nil && v != 0
}

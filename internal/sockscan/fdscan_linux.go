package sockscan

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/closewait/closewait/internal/procfs"
)

// fdScanner walks /proc/<pid>/fd directories. It reads directory entries
// with getdents64 and resolves each link with readlinkat on the entry
// name in place, so that scanning allocates nothing per descriptor.
type fdScanner struct {
	dents []byte
	link  [64]byte
	path  []byte
}

func newFDScanner() *fdScanner {
	return &fdScanner{dents: make([]byte, 64<<10)}
}

// socketPrefix is how /proc/<pid>/fd links to sockets begin.
const socketPrefix = "socket:["

// scan calls fn(fd, inode) for each socket descriptor of pid, until fn
// returns false. It returns the number of descriptors seen. An error
// means the directory could not be opened or read (the process exited,
// or belongs to another user and we are not root).
func (s *fdScanner) scan(pid int, fn func(fd int, inode uint64) bool) (int, error) {
	s.path = append(strconv.AppendInt(append(s.path[:0], "/proc/"...), int64(pid), 10), "/fd"...)
	dir, err := unix.Open(string(s.path), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, &os.PathError{Op: "open", Path: string(s.path), Err: err}
	}
	defer unix.Close(dir)
	count := 0
	for {
		n, err := unix.Getdents(dir, s.dents)
		if err != nil {
			return count, &os.PathError{Op: "getdents", Path: string(s.path), Err: err}
		}
		if n <= 0 {
			return count, nil
		}
		for off := 0; off+19 < n; {
			reclen := int(binary.NativeEndian.Uint16(s.dents[off+16:]))
			if reclen == 0 || off+reclen > n {
				break
			}
			name := s.dents[off+19 : off+reclen] // NUL-terminated, then padding
			rec := off
			off += reclen
			fd, ok := parseFDName(name)
			if !ok {
				continue
			}
			count++
			l, _, errno := unix.Syscall6(unix.SYS_READLINKAT, uintptr(dir),
				uintptr(unsafe.Pointer(&s.dents[rec+19])),
				uintptr(unsafe.Pointer(&s.link[0])), uintptr(len(s.link)), 0, 0)
			if errno != 0 {
				continue // closed meanwhile
			}
			ino, ok := parseSocketLink(s.link[:l])
			if !ok {
				continue
			}
			if !fn(fd, ino) {
				return count, nil
			}
		}
	}
}

// parseFDName parses a NUL-terminated decimal descriptor name.
func parseFDName(b []byte) (int, bool) {
	fd := 0
	for i, c := range b {
		if c == 0 {
			return fd, i > 0
		}
		if c < '0' || c > '9' || fd > 1<<30 {
			return 0, false
		}
		fd = fd*10 + int(c-'0')
	}
	return 0, false
}

// parseSocketLink parses "socket:[12345]" and returns the inode.
func parseSocketLink(b []byte) (uint64, bool) {
	if len(b) < len(socketPrefix)+2 || string(b[:len(socketPrefix)]) != socketPrefix || b[len(b)-1] != ']' {
		return 0, false
	}
	var ino uint64
	for _, c := range b[len(socketPrefix) : len(b)-1] {
		if c < '0' || c > '9' {
			return 0, false
		}
		ino = ino*10 + uint64(c-'0')
	}
	return ino, true
}

// isTCPSocket reports whether descriptor fd of pid is a TCP socket,
// using the "system.sockprotoname" attribute that the kernel exposes on
// socket files ("TCP" or "TCPv6"; "MPTCP" or "MPTCPv6" for connections
// accepted by an MPTCP listener, which Go creates by default, and which fall
// back to plain TCP with a TCP peer).
func isTCPSocket(pid, fd int) bool {
	var buf [32]byte
	n, err := unix.Getxattr("/proc/"+strconv.Itoa(pid)+"/fd/"+strconv.Itoa(fd), "system.sockprotoname", buf[:])
	if err != nil || n <= 0 {
		return false
	}
	name := string(bytes.TrimRight(buf[:n], "\x00"))
	return name == "TCP" || name == "TCPv6" || name == "MPTCP" || name == "MPTCPv6"
}

// listPIDs returns the PIDs of all processes in /proc.
func listPIDs() ([]int, error) { return procfs.ListPIDs() }

// processExists reports whether pid is a running process: it has a
// /proc entry and is not a zombie, whose namespaces are already gone.
func processExists(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the command, which is in parentheses.
	i := bytes.LastIndexByte(b, ')')
	return i < 0 || i+2 >= len(b) || (b[i+2] != 'Z' && b[i+2] != 'X')
}

// processCommand returns the command name of pid (/proc/<pid>/comm).
func processCommand(pid int) string {
	name, _ := procfs.Command(pid)
	return name
}

// netNS returns the inode of pid's network namespace, or 0 if unknown.
func netNS(pid int) uint64 {
	ino, _ := netNSErr(pid)
	return ino
}

// netNSErr is netNS with the reason it failed: os.ErrPermission for
// another user's process, without privileges.
func netNSErr(pid int) (uint64, error) {
	var st unix.Stat_t
	if err := unix.Stat("/proc/"+strconv.Itoa(pid)+"/ns/net", &st); err != nil {
		return 0, &os.PathError{Op: "stat", Path: "/proc/" + strconv.Itoa(pid) + "/ns/net", Err: err}
	}
	return st.Ino, nil
}

// fdLimit returns the soft RLIMIT_NOFILE of pid from /proc/<pid>/limits,
// or 0 if unknown or unlimited.
func fdLimit(pid int) uint64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/limits")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "Max open files"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				n, _ := strconv.ParseUint(fields[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// countFDs returns the number of open descriptors of pid, or 0 if unknown.
func countFDs(pid int) int {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/fd")
	if err != nil {
		return 0
	}
	defer f.Close()
	names, _ := f.Readdirnames(-1)
	return len(names)
}

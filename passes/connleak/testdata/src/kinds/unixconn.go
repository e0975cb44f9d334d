package kinds

import (
	"errors"
	"net"
	"os"
)

// askAgent dials a unix socket and returns on a failed read without
// closing it: no CLOSE_WAIT, but the fd stays open.
func askAgent(path string) ([]byte, error) {
	c, err := net.Dial("unix", path) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return at line \d+ \(its fd leaks: a unix socket has no CLOSE_WAIT, but it stays open after the peer closes\)`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err != nil {
		return nil, err
	}
	c.Close()
	return buf[:n], nil
}

// dialDatagram dials a unix datagram socket and drops it when the chmod
// of its local path fails: no port and no CLOSE_WAIT, but the fd stays
// open (facebook/time's fbclock, held-back slice 13).
func dialDatagram(local, remote *net.UnixAddr) (*net.UnixConn, error) {
	conn, err := net.DialUnix("unixgram", local, remote) // want `\*net\.UnixConn conn from net\.DialUnix is not closed on the error return at line \d+ \(its fd leaks: a unix datagram socket never reaches CLOSE_WAIT, but it stays open\)`
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(local.Name, 0o666); err != nil {
		return nil, err
	}
	return conn, nil
}

// fromFile makes a conn of the descriptor of a socket of any type and
// drops it when the socket is not a unix one: its fd leaks, whatever the
// socket is (slog-journal's, held-back slice 13).
func fromFile(f *os.File) (*net.UnixConn, error) {
	fconn, err := net.FileConn(f) // want `net\.Conn fconn from net\.FileConn is not closed on the error return at line \d+ \(its fd leaks, and its socket stays open\)`
	if err != nil {
		return nil, err
	}
	conn, ok := fconn.(*net.UnixConn)
	if !ok {
		return nil, errors.New("not a unix socket")
	}
	return conn, nil
}

package ownership

import "net"

// handshake only writes to c: a borrow (as in paths/errorpaths.go).
func handshake(c net.Conn) error {
	_, err := c.Write([]byte("HELLO\r\n"))
	return err
}

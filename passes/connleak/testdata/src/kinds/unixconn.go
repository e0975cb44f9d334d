package kinds

import "net"

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

// Package constructors holds conns wrapped by an in-package constructor
// before a step that can fail.
package constructors

import (
	"bufio"
	"io"
	"net"
)

// A limitedConn owns nc; its readers only read it.
type limitedConn struct {
	nc net.Conn
	br *bufio.Reader
	lr *io.LimitedReader
}

// newLimitedConn keeps nc beside an io.LimitedReader on it: the reader
// cannot close nc, so the struct it returns is what owns nc.
func newLimitedConn(nc net.Conn) *limitedConn {
	return &limitedConn{nc: nc, br: bufio.NewReader(nc), lr: &io.LimitedReader{R: nc, N: 1 << 20}}
}

func (c *limitedConn) Close() error { return c.nc.Close() }

// dialLimited drops the wrapped conn when the greeting fails.
func dialLimited(addr string) (*limitedConn, error) {
	nc, err := net.Dial("tcp", addr) // want `net\.Conn nc from net\.Dial is not closed on the error return at line 34`
	if err != nil {
		return nil, err
	}
	c := newLimitedConn(nc)
	if _, err := c.nc.Write([]byte("hello")); err != nil {
		return nil, err
	}
	return c, nil
}

// dialLimitedClean closes it there: clean.
func dialLimitedClean(addr string) (*limitedConn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c := newLimitedConn(nc)
	if _, err := c.nc.Write([]byte("hello")); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

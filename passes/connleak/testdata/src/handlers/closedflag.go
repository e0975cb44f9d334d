package handlers

import (
	"io"
	"net"
	"sync/atomic"
)

// A trackedConn knows whether its owner closed it.
type trackedConn struct {
	net.Conn
	closed atomic.Bool
}

func (c *trackedConn) isClosed(err error) bool { return c.closed.Load() }

func (c *trackedConn) destroy() {
	c.closed.Store(true)
	c.Conn.Close()
}

// receive returns without closing only where the conn says it was closed
// already (an owner closed it actively): clean.
func receive(r *trackedConn) {
	buf := make([]byte, 512)
	for {
		if _, err := r.Read(buf); err != nil {
			if r.isClosed(err) {
				return
			}
			r.destroy()
			return
		}
	}
}

// receiveEOF also returns on io.EOF without asking: that return leaks.
func receiveEOF(r *trackedConn) { // want `\*trackedConn parameter r is not closed on the io\.EOF return at line 46`
	buf := make([]byte, 512)
	for {
		if _, err := r.Read(buf); err != nil {
			if r.isClosed(err) {
				return
			}
			if err == io.EOF {
				return
			}
			r.destroy()
			return
		}
	}
}

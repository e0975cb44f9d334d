package ownership

import (
	"net"
	"time"
)

// A wrapper whose Close has a value receiver: go/ssa copies the struct to
// call it, and the copy's Close closes the conn (go-mssqldb's
// timeoutConn, closed before it redials on a routing answer).
type deadlineConn struct {
	c       net.Conn
	timeout time.Duration
}

func newDeadlineConn(c net.Conn, timeout time.Duration) *deadlineConn {
	return &deadlineConn{c: c, timeout: timeout}
}

func (d *deadlineConn) Read(b []byte) (int, error) { return d.c.Read(b) }

func (d deadlineConn) Close() error { return d.c.Close() }

type packetBuf struct{ transport *deadlineConn }

func newPacketBuf(t *deadlineConn) *packetBuf { return &packetBuf{transport: t} }

func (b *packetBuf) send() error { _, err := b.transport.Read(nil); return err }

func redialOnce(addr string, redirect bool) (_ *packetBuf, err error) {
	var dc *deadlineConn
	defer func() {
		if err != nil && dc != nil {
			dc.Close()
		}
	}()
again:
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	dc = newDeadlineConn(conn, time.Second)
	out := newPacketBuf(dc)
	if err := out.send(); err != nil {
		return nil, err
	}
	if redirect {
		dc.Close()
		dc = nil
		redirect = false
		goto again
	}
	return out, nil
}

// Its twin forgets the old conn when it redials.
func redialLeaky(addr string, redirect bool) (_ *deadlineConn, err error) {
	var dc *deadlineConn
again:
	conn, err := net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed when conn is overwritten at line 60`
	if err != nil {
		return nil, err
	}
	dc = &deadlineConn{c: conn, timeout: time.Second}
	if _, err := dc.Read(nil); err != nil {
		dc.Close()
		return nil, err
	}
	if redirect {
		redirect = false
		goto again
	}
	return dc, nil
}

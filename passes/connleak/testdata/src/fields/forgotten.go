package fields

import (
	"context"
	"net"
	"sync"
)

// A Dialer dials behind an interface.
type Dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

type session interface {
	CloseWithError(code int, msg string) error
}

// quicConn keeps the socket its session runs on beside the session, but
// its close method closes only the session: rawConn is never closed.
type quicConn struct {
	session session
	rawConn net.Conn
	once    sync.Once
}

func (c *quicConn) closeWithError() {
	c.once.Do(func() { c.session.CloseWithError(0, "") })
}

func (c *quicConn) local() net.Addr { return c.rawConn.LocalAddr() }

type quicClient struct {
	dialer Dialer
	start  func(context.Context) session
}

// offerNew returns the socket inside a quicConn that never closes it.
func (q *quicClient) offerNew(ctx context.Context) (*quicConn, error) {
	udpConn, err := q.dialer.DialContext(ctx, "udp", "quic.example:443") // want `net\.Conn udpConn from q\.dialer\.DialContext is not closed on the return at line 44: it gives the caller only a \*quicConn that keeps it in field rawConn, which no code of the package closes; close rawConn where quicConn releases the rest`
	if err != nil {
		return nil, err
	}
	s := q.start(ctx)
	return &quicConn{session: s, rawConn: udpConn}, nil
}

// tidyConn is quicConn with a close method that closes both: clean.
type tidyConn struct {
	session session
	rawConn net.Conn
}

func (c *tidyConn) closeWithError() {
	c.session.CloseWithError(0, "")
	c.rawConn.Close()
}

func (q *quicClient) offerTidy(ctx context.Context) (*tidyConn, error) {
	udpConn, err := q.dialer.DialContext(ctx, "udp", "quic.example:443")
	if err != nil {
		return nil, err
	}
	return &tidyConn{session: q.start(ctx), rawConn: udpConn}, nil
}

// handedConn hands its rawConn to a goroutine that may close it: clean.
type handedConn struct {
	session session
	rawConn net.Conn
}

func (c *handedConn) closeWithError() { c.session.CloseWithError(0, "") }

func (c *handedConn) run() { go drain(c.rawConn) }

func drain(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 512)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

func (q *quicClient) offerHanded(ctx context.Context) (*handedConn, error) {
	udpConn, err := q.dialer.DialContext(ctx, "udp", "quic.example:443")
	if err != nil {
		return nil, err
	}
	return &handedConn{session: q.start(ctx), rawConn: udpConn}, nil
}

// exposedConn keeps the socket in an exported field, which its users in
// other packages may close themselves: clean.
type exposedConn struct {
	session session
	Raw     net.Conn
}

func (c *exposedConn) closeWithError() { c.session.CloseWithError(0, "") }

func (q *quicClient) offerExposed(ctx context.Context) (*exposedConn, error) {
	udpConn, err := q.dialer.DialContext(ctx, "udp", "quic.example:443")
	if err != nil {
		return nil, err
	}
	return &exposedConn{session: q.start(ctx), Raw: udpConn}, nil
}

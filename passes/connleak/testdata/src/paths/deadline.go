package paths

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

// deadlineDial sets a deadline on the conn net.Dial made: net's
// SetDeadline fails only on a closed conn, so its error return leaves
// nothing open. Clean.
func deadlineDial(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("ping"))
	return err
}

// deadlineTCP is the same with a *net.TCPConn. Clean.
func deadlineTCP(raddr *net.TCPAddr) error {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return err
	}
	if err := c.SetReadDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("ping"))
	return err
}

// A contextDialer may return a conn of any type, whose SetDeadline may
// fail on an open conn (a tunnel that has no deadlines).
type contextDialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

func deadlineAnyConn(ctx context.Context, d contextDialer, addr string) error {
	c, err := d.DialContext(ctx, "tcp", addr) // want `net\.Conn c from d\.DialContext is not closed on the error return at line 52`
	if err != nil {
		return err
	}
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("ping"))
	return err
}

// deadlineTLS sets the deadline through the *tls.Conn wrapping a conn
// from a dialer interface, which may be a tunnel: reported.
func deadlineTLS(ctx context.Context, d contextDialer, addr string) error {
	raw, err := d.DialContext(ctx, "tcp", addr) // want `net\.Conn raw from d\.DialContext is not closed on the error return at line 68`
	if err != nil {
		return err
	}
	c := tls.Client(raw, &tls.Config{ServerName: "example.com"})
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	defer c.Close()
	return c.Handshake()
}

// deadlineTLSDial does the same over a conn net.Dial made: clean.
func deadlineTLSDial(addr string) error {
	raw, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	c := tls.Client(raw, &tls.Config{ServerName: "example.com"})
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	defer c.Close()
	return c.Handshake()
}

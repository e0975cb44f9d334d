package ownership

import (
	"context"
	"errors"
	"net"
)

// closeIfFailed closes c when err, the error of the step that used it,
// is not nil.
func closeIfFailed(c net.Conn, err error) {
	if c != nil && err != nil {
		c.Close()
	}
}

// greetProxy writes a greeting and reads the proxy's answer.
func greetProxy(c net.Conn) error {
	if _, err := c.Write([]byte{5, 1, 0}); err != nil {
		return err
	}
	b := make([]byte, 2)
	if _, err := c.Read(b); err != nil {
		return err
	}
	if b[1] != 0 {
		return errors.New("refused")
	}
	return nil
}

// dialProxy defers closeIfFailed(c, err) where err is still nil: the
// deferred call gets that nil and never closes c, so a failed greeting
// returns c with its error, to a caller that drops it (tun2socks's
// DialContext).
func dialProxy(ctx context.Context, addr string) (c net.Conn, err error) {
	var d net.Dialer
	c, err = d.DialContext(ctx, "tcp", addr) // want `net\.Conn c from d\.DialContext is not closed on the error return at line \d+`
	if err != nil {
		return nil, err
	}
	defer closeIfFailed(c, err)
	err = greetProxy(c)
	return
}

// dialProxyClosed defers a closure that reads err when it runs, at the
// return: the failed greeting's error closes c: clean.
func dialProxyClosed(ctx context.Context, addr string) (c net.Conn, err error) {
	var d net.Dialer
	c, err = d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	defer func(c net.Conn) { closeIfFailed(c, err) }(c)
	err = greetProxy(c)
	return
}

// dialProxyChecked returns c with the greeting's error, but its caller
// in this package tests c against nil: clean.
func dialProxyTested(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	return c, greetProxy(c)
}

func useProxyTested(ctx context.Context) {
	c, err := dialProxyTested(ctx, "proxy:1080")
	if c != nil {
		defer c.Close()
	}
	if err != nil {
		return
	}
}

// proxySession wraps a conn; newProxySession fails only for a closed
// one, and dialSession returns its result with its error: the step's
// result holds the conn, and a fresh conn is never closed: clean.
type proxySession struct {
	c      net.Conn
	closed bool
}

func (s *proxySession) Close() error { return s.c.Close() }

func newProxySession(c net.Conn, closed bool) (*proxySession, error) {
	if closed {
		return nil, errors.New("closed")
	}
	return &proxySession{c: c}, nil
}

func dialSession(addr string) (*proxySession, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return newProxySession(c, false)
}

// dialSessionAs passes on its caller's flag: newProxySession may fail,
// and the conn is lost with its error.
func dialSessionAs(addr string, closed bool) (*proxySession, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line \d+`
	if err != nil {
		return nil, err
	}
	return newProxySession(c, closed)
}

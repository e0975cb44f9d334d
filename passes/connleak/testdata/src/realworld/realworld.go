package realworld

// Shapes of conn leaks that real projects had and fixed (issue 16), each
// with a clean twin. The want patterns match the stem of the message.

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"time"
)

// dialWithDefer returns the conn on success, but drops it when it is not
// ready; an unrelated defer (cancel) must not hide that path.
func dialWithDefer(addr string, ok bool) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr) // want `net\.Conn c from d\.DialContext is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("not ready")
	}
	return c, nil
}

// dialWithDeferClean closes c before the early return.
func dialWithDeferClean(addr string, ok bool) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	if !ok {
		c.Close()
		return nil, errors.New("not ready")
	}
	return c, nil
}

var errTimeout = errors.New("timeout")

// sentinelFailure tests the dial's error against a sentinel first: that edge
// is the dial's failure, where there is nothing to close.
func sentinelFailure(d *net.Dialer, addr string) (net.Conn, error) {
	c, err := d.Dial("tcp", addr)
	if err == errTimeout {
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// deferCloseOnNamedErr closes c in a deferred closure when the named err
// result is non-nil: the error returns are covered, the plain one is not.
func deferCloseOnNamedErr(addr string, greet bool) (err error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	if _, err = c.Write([]byte("hi")); err != nil {
		return err
	}
	if !greet {
		return nil
	}
	return errors.New("greeting refused")
}

// deferCloseOnNamedErrClean returns c on success and closes it in a
// deferred closure on every error return.
func deferCloseOnNamedErrClean(addr string) (c net.Conn, err error) {
	c, err = net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	if _, err = c.Write([]byte("hi")); err != nil {
		return nil, err
	}
	return c, nil
}

// parseGreeting is a callee in another package's style: it only reads.
var parseGreeting func(r io.Reader) (string, error)

// readerParamBorrows hands c to a function value whose parameter is an
// io.Reader: it cannot close c, so c is still this function's to close.
func readerParamBorrows(addr string) (string, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return "", err
	}
	g, err := parseGreeting(c)
	if err != nil {
		return "", err
	}
	c.Close()
	return g, nil
}

// closureAcquires dials through a local closure: its fresh result is an
// acquisition like the dial itself.
func closureAcquires(addr string) error {
	dial := func() (net.Conn, error) { return net.DialTimeout("tcp", addr, time.Second) }
	c, err := dial() // want `net\.Conn c from dial is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return err
	}
	return c.Close()
}

// A contextDialer is the shape of golang.org/x/net/proxy.ContextDialer.
type contextDialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// interfaceDialer dials through an interface: a Dial method returning a
// conn opens one.
func interfaceDialer(ctx context.Context, d contextDialer, addr string) error {
	c, err := d.DialContext(ctx, "tcp", addr) // want `net\.Conn c from d\.DialContext is not closed on the io\.EOF return`
	if err != nil {
		return err
	}
	buf := make([]byte, 1)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	return c.Close()
}

// A connector opens conns to a server.
type connector interface {
	Connect() (net.Conn, error)
}

// connectHelper returns what the connector opened: a fresh conn.
func connectHelper(cn connector) (net.Conn, error) { return cn.Connect() }

// connectorLeak drops the conn when the authentication write fails.
func connectorLeak(cn connector, auth []byte) {
	c, err := connectHelper(cn) // want `net\.Conn c from connectHelper is not closed on the return`
	if err != nil {
		return
	}
	if _, err := c.Write(auth); err != nil {
		return
	}
	c.Close()
}

// interfaceDialerClean closes what it dialed.
func interfaceDialerClean(ctx context.Context, d contextDialer, addr string) error {
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("x"))
	return err
}

// capturedDialFunc dials through a local func variable captured by the
// handler closure (echo's proxyRaw shape).
func capturedDialFunc(d *net.Dialer) func(ctx context.Context, host string, req []byte) {
	dialFunc := d.DialContext
	if d == nil {
		var zero net.Dialer
		dialFunc = zero.DialContext
	}
	return func(ctx context.Context, host string, req []byte) {
		out, err := dialFunc(ctx, "tcp", host) // want `net\.Conn out from dialFunc is not closed on the return`
		if err != nil {
			return
		}
		if _, err := out.Write(req); err != nil {
			return
		}
		out.Close()
	}
}

// A wireConn owns its conn; its handshake method only borrows it.
type wireConn struct {
	c  net.Conn
	rw *bufio.ReadWriter
}

func (w *wireConn) handshake() error {
	_, err := w.rw.WriteString("HELLO\r\n")
	if err == nil {
		err = w.rw.Flush()
	}
	return err
}

// Close closes the conn it owns.
func (w *wireConn) Close() error { return w.c.Close() }

// ownedByLocalStruct keeps c in a struct it allocated; the handshake
// method fails and the struct (with c) is dropped.
func ownedByLocalStruct(addr string) (*wireConn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	w := &wireConn{c: c, rw: bufio.NewReadWriter(bufio.NewReader(c), bufio.NewWriter(c))}
	if err := w.handshake(); err != nil {
		return nil, err
	}
	return w, nil
}

// ownedByLocalStructClean closes the struct when the handshake fails.
func ownedByLocalStructClean(addr string) (*wireConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	w := &wireConn{c: c, rw: bufio.NewReadWriter(bufio.NewReader(c), bufio.NewWriter(c))}
	if err := w.handshake(); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// clientHandshake closes the raw conn it was given on one error return and
// forgets it on another: the function shows it owns raw on failure.
func clientHandshake(raw net.Conn, cfg *tls.Config) (*tls.Conn, error) { // want `net\.Conn parameter raw is not closed on the error return`
	if err := raw.SetDeadline(time.Now().Add(time.Second)); err != nil {
		raw.Close()
		return nil, err
	}
	tc := tls.Client(raw, cfg)
	if err := tc.Handshake(); err != nil {
		return nil, err
	}
	return tc, nil
}

// clientHandshakeClean closes raw on both error returns.
func clientHandshakeClean(raw net.Conn, cfg *tls.Config) (*tls.Conn, error) {
	if err := raw.SetDeadline(time.Now().Add(time.Second)); err != nil {
		raw.Close()
		return nil, err
	}
	tc := tls.Client(raw, cfg)
	if err := tc.Handshake(); err != nil {
		raw.Close()
		return nil, err
	}
	return tc, nil
}

// startTLS wraps its parameter and returns the wrapper, closing it on no
// path: its callers close the conn when it fails (pgx), so silent.
func startTLS(conn net.Conn, cfg *tls.Config) (net.Conn, error) {
	if _, err := conn.Write([]byte{0, 0, 0, 8}); err != nil {
		return nil, err
	}
	resp := make([]byte, 1)
	if _, err := io.ReadFull(conn, resp); err != nil {
		return nil, err
	}
	if resp[0] != 'S' {
		return nil, errors.New("server refused TLS")
	}
	return tls.Client(conn, cfg), nil
}

// borrowParam never closes its parameter: callers own it (silent).
func borrowParam(c net.Conn) error {
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	_, err := c.Write([]byte("x"))
	return err
}

// A pgConn owns its conn; ssl upgrades it in place.
type pgConn struct {
	c   net.Conn
	buf *bufio.Reader
}

func (cn *pgConn) ssl() error {
	_, err := cn.c.Write([]byte{0, 0, 0, 8})
	return err
}

func (cn *pgConn) Close() error { return cn.c.Close() }

func dialPG(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

// namedResultStruct stores the conn in a struct held by its named result;
// when ssl fails it returns nil and drops the struct with the conn (the
// lib/pq shape: the deferred closure comes too late).
func namedResultStruct(addr string) (cn *pgConn, err error) {
	cn = &pgConn{}
	cn.c, err = dialPG(addr) // want `net\.Conn from dialPG is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if err = cn.ssl(); err != nil {
		return nil, err
	}
	panicking := true
	defer func() {
		if panicking {
			cn.c.Close()
		}
	}()
	cn.buf = bufio.NewReader(cn.c)
	panicking = false
	return cn, nil
}

// namedResultStructClean closes it when ssl fails.
func namedResultStructClean(addr string) (cn *pgConn, err error) {
	cn = &pgConn{}
	cn.c, err = dialPG(addr)
	if err != nil {
		return nil, err
	}
	if err = cn.ssl(); err != nil {
		cn.c.Close()
		return nil, err
	}
	return cn, nil
}

// upgradeOrClose returns the TLS wrapper on success and closes the raw
// conn when the handshake fails.
func upgradeOrClose(raw net.Conn, cfg *tls.Config) (*tls.Conn, error) {
	tc := tls.Client(raw, cfg)
	if err := tc.Handshake(); err != nil {
		raw.Close()
		return nil, err
	}
	return tc, nil
}

// upgradeCaller returns on the upgrade's error: upgradeOrClose closed the
// conn there (silent).
func upgradeCaller(addr string, cfg *tls.Config) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	tc, err := upgradeOrClose(c, cfg)
	if err != nil {
		return err
	}
	defer tc.Close()
	_, err = tc.Write([]byte("x"))
	return err
}

// upgrade replaces the conn in its field with a TLS wrapper of it: the
// struct still owns it.
func (cn *pgConn) upgrade(cfg *tls.Config) error {
	tc := tls.Client(cn.c, cfg)
	if err := tc.Handshake(); err != nil {
		return err
	}
	cn.c = tc
	return nil
}

// upgradeInPlace drops the struct (and its conn) when the upgrade fails.
func upgradeInPlace(addr string, cfg *tls.Config) (*pgConn, error) {
	cn := &pgConn{}
	var err error
	cn.c, err = dialPG(addr) // want `net\.Conn from dialPG is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if err := cn.upgrade(cfg); err != nil {
		return nil, err
	}
	return cn, nil
}

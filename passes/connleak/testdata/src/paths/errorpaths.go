package paths

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"time"
)

type registry struct {
	conns []net.Conn
}

// handshake only writes to c: a borrow.
func handshake(c net.Conn) error {
	_, err := c.Write([]byte("HELLO\r\n"))
	return err
}

// dialAndRegister returns the handshake error before storing c in the registry, leaking c on that path.
func dialAndRegister(addr string, reg *registry) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if err := handshake(c); err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	reg.conns = append(reg.conns, c)
	return nil
}

// dialAndRegisterClosed closes c when the handshake fails, then transfers it to the registry: clean.
func dialAndRegisterClosed(addr string, reg *registry) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	if err := handshake(c); err != nil {
		c.Close()
		return fmt.Errorf("handshake: %w", err)
	}
	reg.conns = append(reg.conns, c)
	return nil
}

// closeOneBranch closes c only when quiet is set; the other branch falls off the end.
func closeOneBranch(addr string, quiet bool) {
	c, err := net.DialTimeout("tcp", addr, time.Second) // want `net\.Conn c from net\.DialTimeout is not closed on the return`
	if err != nil {
		return
	}
	if quiet {
		c.Close()
		return
	}
	c.Write([]byte("ping"))
}

// closeAfterEarlyReturn puts the Close after an early return for an empty message.
func closeAfterEarlyReturn(addr string, msg []byte) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return err
	}
	if len(msg) == 0 {
		return nil
	}
	_, err = c.Write(msg)
	c.Close()
	return err
}

// writeTCP leaks the *net.TCPConn when the write fails.
func writeTCP(raddr *net.TCPAddr, msg []byte) error {
	c, err := net.DialTCP("tcp", nil, raddr) // want `\*net\.TCPConn c from net\.DialTCP is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write(msg); err != nil {
		return err
	}
	return c.Close()
}

// threeExits leaks on three different exits: a deadline error, an empty message and a write error.
func threeExits(ctx context.Context, d *net.Dialer, addr string, msg []byte) error {
	c, err := d.DialContext(ctx, "tcp", addr) // want `net\.Conn c from d\.DialContext is not closed on the error return`
	if err != nil {
		return err
	}
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return err
	}
	if len(msg) == 0 {
		return errors.New("empty message")
	}
	if _, err := c.Write(msg); err != nil {
		return err
	}
	return c.Close()
}

// errEqualNil scopes c to the err == nil branch and defers Close there: clean.
func errEqualNil(addr string) {
	if c, err := net.Dial("tcp", addr); err == nil {
		defer c.Close()
		c.Write([]byte("x"))
	}
}

// errorBranchOnly checks err first: the failure branch never owns a conn, and the success path closes: clean.
func errorBranchOnly(addr string) (int, error) {
	c, err := net.Dial("udp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "dial:", err)
		return 0, err
	}
	n, err := c.Write([]byte("x"))
	c.Close()
	return n, err
}

// tlsDialLeak leaks the *tls.Conn when the handshake-level write fails.
func tlsDialLeak(addr string, cfg *tls.Config) error {
	c, err := tls.Dial("tcp", addr, cfg) // want `\*tls\.Conn c from tls\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("GET / HTTP/1.0\r\n\r\n")); err != nil {
		return err
	}
	return c.Close()
}

// tlsDialerLeak dials with a *tls.Dialer and drops the conn when the write fails.
func tlsDialerLeak(ctx context.Context, cfg *tls.Config, addr string) error {
	td := &tls.Dialer{Config: cfg}
	conn, err := td.DialContext(ctx, "tcp", addr) // want `net\.Conn conn from td\.DialContext is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := conn.Write([]byte("ping")); err != nil {
		return err
	}
	return conn.Close()
}

// tlsDialWithDialerClosed uses tls.DialWithDialer and defers the Close: clean.
func tlsDialWithDialerClosed(addr string, cfg *tls.Config) error {
	c, err := tls.DialWithDialer(&net.Dialer{Timeout: time.Second}, "tcp", addr, cfg)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Handshake()
}

// ignoredError discards the dial error and never closes c.
func ignoredError(addr string) {
	c, _ := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	fmt.Println(c.LocalAddr())
}

// discarded throws the conn away entirely: nobody can close it.
func discarded(addr string) {
	_, _ = net.Dial("tcp", addr) // want `net\.Conn from net\.Dial is not closed on the return`
}

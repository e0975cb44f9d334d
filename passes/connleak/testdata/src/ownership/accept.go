package ownership

import (
	"io"
	"net"
)

// handleConn closes its parameter on every path, so go handleConn(c) and handleConn(c) release c.
func handleConn(c net.Conn) {
	defer c.Close()
	io.Copy(c, c)
}

// greet only writes to c (a borrow): callers still own c afterwards.
func greet(c net.Conn) {
	c.Write([]byte("hello\n"))
}

// allowed inspects an address only; it never sees the conn.
func allowed(a net.Addr) bool {
	return a.Network() == "tcp"
}

// serveClosure hands each accepted conn to a goroutine closure that defers Close: clean.
func serveClosure(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func(c net.Conn) {
			defer c.Close()
			io.Copy(c, c)
		}(conn)
	}
}

// serveCaptured closes the conn captured by a goroutine closure: clean.
func serveCaptured(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			io.Copy(io.Discard, conn)
		}()
	}
}

// serveHandler hands each conn to the same-package handleConn, which closes it on every path: clean.
func serveHandler(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go handleConn(c)
	}
}

// serveFiltered drops a rejected conn with continue and never closes it.
func serveFiltered(ln net.Listener) error {
	for {
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the continue`
		if err != nil {
			return err
		}
		if !allowed(c.RemoteAddr()) {
			continue
		}
		go handleConn(c)
	}
}

// serveFilteredClosed closes a rejected conn before continue: clean.
func serveFilteredClosed(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		if !allowed(c.RemoteAddr()) {
			c.Close()
			continue
		}
		go handleConn(c)
	}
}

// acceptOne returns the read error of a single accepted conn without closing it.
func acceptOne(ln net.Listener) error {
	c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the io\.EOF return`
	if err != nil {
		return err
	}
	buf := make([]byte, 64)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	return c.Close()
}

// acceptBorrowed lends c to greet, which does not close it, and then falls off the end.
func acceptBorrowed(ln net.Listener) {
	c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the return`
	if err != nil {
		return
	}
	greet(c)
}

// acceptGreetThenHandle borrows c for greet and then hands it to handleConn, which closes it: clean.
func acceptGreetThenHandle(ln net.Listener) {
	c, err := ln.Accept()
	if err != nil {
		return
	}
	greet(c)
	handleConn(c)
}

// acceptKeepAlive returns the SetKeepAlive error before the hand-off to handleConn, leaking c.
func acceptKeepAlive(ln *net.TCPListener) error {
	c, err := ln.AcceptTCP() // want `\*net\.TCPConn c from ln\.AcceptTCP is not closed on the error return`
	if err != nil {
		return err
	}
	if err := c.SetKeepAlive(true); err != nil {
		return err
	}
	go handleConn(c)
	return nil
}

// acceptKeepAliveClosed closes c when SetKeepAlive fails, then hands it off: clean.
func acceptKeepAliveClosed(ln *net.TCPListener) error {
	c, err := ln.AcceptTCP()
	if err != nil {
		return err
	}
	if err := c.SetKeepAlive(true); err != nil {
		c.Close()
		return err
	}
	go handleConn(c)
	return nil
}

// acceptUnixCred leaks the *net.UnixConn when the peer's first message is too short.
func acceptUnixCred(ln *net.UnixListener) (int, error) {
	uc, err := ln.AcceptUnix() // want `\*net\.UnixConn uc from ln\.AcceptUnix is not closed on the return`
	if err != nil {
		return 0, err
	}
	buf := make([]byte, 16)
	n, _, err := uc.ReadFromUnix(buf)
	if err != nil {
		uc.Close()
		return 0, err
	}
	if n < 4 {
		return 0, nil
	}
	return n, uc.Close()
}

// listenOnlyForConns leaks a listener, which is the listenerleak pass's job: connleak reports nothing here.
func listenOnlyForConns(addr string) net.Addr {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil
	}
	return ln.Addr()
}

package ownership

import (
	"io"
	"net"
)

// acceptLeakyClosure hands each conn to a goroutine that returns on the
// peer's FIN without closing it; the accept loop never closes it either.
func acceptLeakyClosure(ln net.Listener) error {
	for {
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed by the goroutine started at line \d+, which takes it, on its io\.EOF return`
		if err != nil {
			return err
		}
		go func() {
			buf := make([]byte, 64)
			for {
				if _, err := c.Read(buf); err != nil {
					return
				}
			}
		}()
	}
}

// pipeThenClose lets a goroutine borrow c while it copies the other way,
// waits for it, then closes c itself: clean.
func pipeThenClose(addr string, local net.Conn) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	go func() {
		io.Copy(local, c)
		close(done)
	}()
	io.Copy(c, local)
	<-done
	return c.Close()
}

// closeOnBadGreeting closes c only when the greeting is wrong: a handler
// that owns c, whose return on the failed read leaks it (reported here,
// where the fix goes, and not at the Accept that hands c to it).
func closeOnBadGreeting(c net.Conn) { // want `net\.Conn parameter c, from ln\.Accept at line 61 by the goroutine started at line 65, is not closed on the io\.EOF return at line 50`
	buf := make([]byte, 5)
	if _, err := io.ReadFull(c, buf); err != nil {
		return
	}
	if string(buf) != "HELLO" {
		c.Close()
	}
}

// acceptPartialCloser hands each conn to closeOnBadGreeting, which leaves
// it open when the read fails or the greeting is right.
func acceptPartialCloser(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go closeOnBadGreeting(c)
	}
}

// deferCloseOnError closes c in a deferred call only when the function
// fails: the deferred call's paths follow the caller's (grpc's
// newHTTP2Client does this), so a deferred partial closer is a transfer:
// clean.
func deferCloseOnError(addr string) (c2 net.Conn, err error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer func(c net.Conn) {
		if err != nil {
			c.Close()
		}
	}(c)
	if _, err = c.Write([]byte("HELLO")); err != nil {
		return nil, err
	}
	return c, nil
}

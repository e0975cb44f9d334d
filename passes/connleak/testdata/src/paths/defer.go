package paths

import (
	"io"
	"log"
	"net"
	"testing"
)

// deferClose releases c with a plain defer: clean.
func deferClose(addr string) ([]byte, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	return io.ReadAll(c)
}

// deferClosure releases c inside a deferred closure that logs the Close error: clean.
func deferClosure(addr string) (err error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := c.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	_, err = c.Write([]byte("x"))
	return err
}

// calledClosure closes c through a local closure that every path calls: clean.
func calledClosure(addr string, msg []byte) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	done := func() { c.Close() }
	if len(msg) == 0 {
		done()
		return nil
	}
	_, err = c.Write(msg)
	done()
	return err
}

// deferAfterEarlyReturn defers the Close too late: the early read-error return leaves c open.
func deferAfterEarlyReturn(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return err
	}
	banner := make([]byte, 32)
	if _, err := c.Read(banner); err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("ok"))
	return err
}

// cleanupClosure registers the Close with t.Cleanup: clean.
func cleanupClosure(t *testing.T, addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.Write([]byte("x")); err != nil {
		t.Errorf("write: %v", err)
	}
}

// fatalBeforeClose exits via t.Fatalf before the Close: the test unwinds, which is not a leak: clean.
func fatalBeforeClose(t *testing.T, addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("x")); err != nil {
		t.Fatalf("write: %v", err)
	}
	c.Close()
}

// errorfThenReturn reports with t.Errorf (which does not unwind) and returns without closing c.
func errorfThenReturn(t *testing.T, addr string) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("x")); err != nil {
		t.Errorf("write: %v", err)
		return
	}
	c.Close()
}

// closeWriteOnly half-closes with CloseWrite, which is not a release: both exits leave the fd open.
func closeWriteOnly(raddr *net.TCPAddr, req []byte) ([]byte, error) {
	c, err := net.DialTCP("tcp", nil, raddr) // want `\*net\.TCPConn c from net\.DialTCP is not closed on the error return`
	if err != nil {
		return nil, err
	}
	c.Write(req)
	c.CloseWrite()
	resp, err := io.ReadAll(c)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// closeWriteThenClose half-closes and then closes on every path: clean.
func closeWriteThenClose(raddr *net.TCPAddr, req []byte) ([]byte, error) {
	c, err := net.DialTCP("tcp", nil, raddr)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	c.Write(req)
	c.CloseWrite()
	return io.ReadAll(c)
}

// deferLoggedClose defers a closure that logs the Close error: clean.
func deferLoggedClose(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		log.Print(err)
		return
	}
	defer func() {
		if err := c.Close(); err != nil {
			log.Print(err)
		}
	}()
	c.Write([]byte("bye"))
}

// deferNilCheckedBefore registers, before the dial, a deferred closure
// that closes whatever c holds when the function returns (the idiom of a
// variable declared up front): clean.
func deferNilCheckedBefore(addr string) error {
	var c net.Conn
	var err error
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	c, err = net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("x"))
	return err
}

// deferBeforeRedial is the same idiom with a second dial into c: the
// deferred closure closes only the last conn, so the first one leaks when
// the second dial overwrites it.
func deferBeforeRedial(primary, backup string) error {
	var c net.Conn
	var err error
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	c, err = net.Dial("tcp", primary) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
	if err != nil {
		return err
	}
	if _, err = c.Write([]byte("ping")); err != nil {
		c, err = net.Dial("tcp", backup)
		if err != nil {
			return err
		}
	}
	return nil
}

// deferOnErrorBefore registers, before the dial, a deferred closure that
// closes c when the function fails; the success path hands c to the
// caller: clean.
func deferOnErrorBefore(addr string) (conn net.Conn, err error) {
	var c net.Conn
	defer func() {
		if err != nil && c != nil {
			c.Close()
		}
	}()
	c, err = net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if _, err = c.Write([]byte("hello")); err != nil {
		return nil, err
	}
	return c, nil
}

// deferInOtherBranch registers the closing closure on one branch only:
// the other branch returns with c open.
func deferInOtherBranch(addr string, track bool) error {
	var c net.Conn
	var err error
	if track {
		defer func() {
			if c != nil {
				c.Close()
			}
		}()
	}
	c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return at line \d+`
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("x"))
	return err
}

// A connectHook sees each connection attempt.
type connectHook interface {
	OnConnect(c net.Conn, err error)
}

// connectRetry reports each attempt to a hook from a deferred closure
// that reads c when the function returns; c is declared once, so a
// failed handshake jumps back and dials again into it, dropping the conn
// the hook never sees.
func connectRetry(addr string, hook connectHook) (net.Conn, error) {
	tries := 0
	var c net.Conn
	var err error
again:
	tries++
	c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
	defer func() { hook.OnConnect(c, err) }()
	if err != nil {
		return nil, err
	}
	if _, err = c.Write([]byte("hello")); err != nil {
		if tries < 3 {
			goto again
		}
		c.Close()
		return nil, err
	}
	return c, nil
}

// connectRetryPerAttempt declares c after the label: each pass through
// `:=` makes a new variable, so each attempt's deferred closure hands that
// attempt's conn to the hook, an interface method that may keep it:
// uncertain, so silent. (franz-go's loadConnection before its fix had
// this shape; its hooks do not close the conn, so it leaked, and that
// leak is missed for this reason.)
func connectRetryPerAttempt(addr string, hook connectHook) (net.Conn, error) {
	tries := 0
again:
	tries++
	c, err := net.Dial("tcp", addr)
	defer func() { hook.OnConnect(c, err) }()
	if err != nil {
		return nil, err
	}
	if _, err = c.Write([]byte("hello")); err != nil {
		if tries < 3 {
			goto again
		}
		c.Close()
		return nil, err
	}
	return c, nil
}

// connectOnce is the same without the retry: the hook gets the conn or
// the caller does: clean.
func connectOnce(addr string, hook connectHook) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	defer func() { hook.OnConnect(c, err) }()
	if err != nil {
		return nil, err
	}
	if _, err = c.Write([]byte("hello")); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// redialUnderDeferredClose closes c from a deferred closure registered
// after the first dial, then dials again into c: the deferred closure
// closes only the second conn.
func redialUnderDeferredClose(primary, backup string) error {
	c, err := net.Dial("tcp", primary) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
	if err != nil {
		return err
	}
	defer func() { c.Close() }()
	if _, err = c.Write([]byte("ping")); err != nil {
		c, err = net.Dial("tcp", backup)
		if err != nil {
			return err
		}
	}
	return nil
}

// closeConnAt closes the conn *p holds, if any.
func closeConnAt(p *net.Conn) {
	if *p != nil {
		(*p).Close()
	}
}

// deferCloseAtBefore defers, before the dial, a call that gets the
// variable itself and closes what it holds at the return: clean.
func deferCloseAtBefore(addr string) error {
	var c net.Conn
	defer closeConnAt(&c)
	var err error
	c, err = net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("x"))
	return err
}

// hookBefore defers, before the dial, a hook that gets whatever c holds at
// the return and may keep it: ownership leaves at the return, as for any
// callee that may keep the conn: not reported.
func hookBefore(addr string, hook connectHook) error {
	var c net.Conn
	var err error
	defer func() { hook.OnConnect(c, err) }()
	c, err = net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	_, err = c.Write([]byte("x"))
	return err
}

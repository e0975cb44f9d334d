package realworld

// False-positive shapes seen on real code, reduced. Each negative function
// must stay silent; each is followed by a positive twin of similar shape
// that does leak, so that the rule that silences the first cannot
// over-silence.

import (
	"errors"
	"net"
	"os"
	"time"
)

type tempError interface{ Temporary() bool }

// errorsAsTemporary tests the dial error with errors.As before any nil
// check: errors.As is true only for a non-nil error, so the conn was
// never acquired on that edge. (Shape: errors.As(err, &x) && x.M().)
func errorsAsTemporary(addr string) error {
	for {
		c, err := net.Dial("tcp", addr)
		var te tempError
		if errors.As(err, &te) && te.Temporary() {
			time.Sleep(time.Second)
			continue
		}
		if err != nil {
			return err
		}
		defer c.Close()
		_, err = c.Write([]byte("x"))
		return err
	}
}

// errorsAsAlone returns on errors.As alone, then on err != nil.
func errorsAsAlone(addr string) error {
	c, err := net.Dial("tcp", addr)
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe
	}
	if err != nil {
		return err
	}
	return c.Close()
}

// errorsAsOtherError tests another error with errors.As: that edge says
// nothing about the dial, and the conn leaks there.
func errorsAsOtherError(addr string, prev error) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	var pe *os.PathError
	if errors.As(prev, &pe) {
		return pe
	}
	return c.Close()
}

// acceptTemporaryAssert is the classic accept loop: a successful type
// assertion of the accept error means the error is non-nil, so no conn
// was accepted on that edge. (Shape: ne, ok := err.(net.Error); ok && …)
func acceptTemporaryAssert(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err != nil {
			return err
		}
		go handleConn(c)
	}
}

// acceptTypeSwitch switches on the accept error's type, with no case
// for nil: the net.Error case is taken only by a non-nil error.
func acceptTypeSwitch(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		switch e := err.(type) {
		case net.Error:
			if e.Timeout() {
				continue
			}
		}
		if err != nil {
			return err
		}
		go handleConn(c)
	}
}

// acceptAssertOther asserts on another error: the accepted conn is
// dropped by the continue.
func acceptAssertOther(ln net.Listener, last error) error {
	for {
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the continue`
		if err != nil {
			return err
		}
		if _, ok := last.(net.Error); ok {
			continue
		}
		go handleConn(c)
	}
}

// failed reports whether err is a real failure: true implies err != nil.
func failed(err error) bool {
	return err != nil
}

// failedNotClosed is true for non-nil errors other than net.ErrClosed.
func failedNotClosed(err error) bool {
	return err != nil && !errors.Is(err, net.ErrClosed)
}

// failedBranches is true only on a branch where err != nil.
func failedBranches(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		return false
	}
	return true
}

// dialHelperFailed checks the dial error through a same-package helper
// whose true result implies a non-nil error. (Shape: if failed(err).)
func dialHelperFailed(addr string) error {
	c, err := net.Dial("tcp", addr)
	if failed(err) {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("x"))
	return err
}

// dialHelperFailedNotClosed uses a helper with an && expression.
func dialHelperFailedNotClosed(addr string) error {
	c, err := net.Dial("tcp", addr)
	if failedNotClosed(err) {
		return err
	}
	if err != nil {
		return nil
	}
	return c.Close()
}

// dialHelperBranches uses a helper that returns true on a non-nil branch.
func dialHelperBranches(addr string) error {
	c, err := net.Dial("tcp", addr)
	if failedBranches(err) {
		return err
	}
	if err != nil {
		return nil
	}
	return c.Close()
}

// succeeded is true for a nil error: its true result says nothing about
// a failure.
func succeeded(err error) bool {
	return err == nil
}

// dialHelperWrongWay returns on the true edge of a helper whose true
// result means success: the conn leaks there.
func dialHelperWrongWay(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if succeeded(err) {
		return nil
	}
	if err != nil {
		return err
	}
	return c.Close()
}

type dialResult struct {
	conn net.Conn
	err  error
}

// errInField keeps the dial error in a field of a local struct and tests
// the field. (Shape: r.conn, r.err = net.Dial(…); if r.err != nil.)
func errInField(addr string) error {
	var r dialResult
	r.conn, r.err = net.Dial("tcp", addr)
	if r.err != nil {
		return r.err
	}
	defer r.conn.Close()
	_, err := r.conn.Write([]byte("x"))
	return err
}

// errCopiedToField copies the dial error into a field and tests the field.
func errCopiedToField(addr string) error {
	r := new(dialResult)
	c, err := net.Dial("tcp", addr)
	r.err = err
	if r.err != nil {
		return r.err
	}
	return c.Close()
}

// errFieldOverwritten overwrites the field before testing it: the test
// is about the other error, and the conn leaks on its true edge.
func errFieldOverwritten(addr string, prev error) error {
	var r dialResult
	r.conn, r.err = net.Dial("tcp", addr) // want `net\.Conn from net\.Dial is not closed on the error return`
	r.err = prev
	if r.err != nil {
		return r.err
	}
	return r.conn.Close()
}

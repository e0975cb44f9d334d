package connleak

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
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 59`
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
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the continue at line 108`
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

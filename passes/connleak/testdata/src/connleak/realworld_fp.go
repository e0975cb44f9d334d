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

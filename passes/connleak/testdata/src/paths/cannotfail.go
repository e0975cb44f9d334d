package paths

import (
	"errors"
	"net"
)

// prepare never returns a non-nil error.
func prepare(c net.Conn) error {
	if c == nil {
		return nil
	}
	return nil
}

// prepareOrFail may fail.
func prepareOrFail(c net.Conn, hello []byte) error {
	_, err := c.Write(hello)
	return err
}

// dialPrepared returns on prepare's error, which cannot be non-nil: no
// path leaks.
func dialPrepared(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err := prepare(c); err != nil {
		return nil, err
	}
	return c, nil
}

// dialPreparedOrFail is its twin with a step that can fail.
func dialPreparedOrFail(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 42`
	if err != nil {
		return nil, err
	}
	if err := prepareOrFail(c, []byte("hi")); err != nil {
		return nil, err
	}
	return c, nil
}

// keepAlive fails only for the "https" scheme without a config (a
// listener wrapper's option check).
func keepAlive(ln net.Listener, scheme string, cfg *int) (net.Listener, error) {
	if scheme == "https" {
		if cfg == nil {
			return nil, errors.New("https needs a config")
		}
	}
	return ln, nil
}

// wrapTCP calls it with "tcp": its error branch cannot be taken.
func wrapTCP(c net.Conn, addr string) (net.Conn, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	kl, err := keepAlive(ln, "tcp", nil)
	if err != nil {
		return nil, err
	}
	defer kl.Close()
	return kl.Accept()
}

// wrapHTTPS is its twin: with "https" and no config it fails, leaving
// the listener bound (reported by listenerleak, not this pass).
func wrapHTTPS(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	kl, err := keepAlive(ln, "https", nil)
	if err != nil {
		return nil, err
	}
	return kl, nil
}

// dialChecked fails only when its conn parameter is nil, which a conn
// just dialed is not known not to be: the error return still counts.
func dialChecked(addr string, mode int) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 94`
	if err != nil {
		return nil, err
	}
	if err := modeCheck(c, mode); err != nil {
		return nil, err
	}
	return c, nil
}

// modeCheck fails unless mode is 1.
func modeCheck(c net.Conn, mode int) error {
	if mode != 1 {
		return errors.New("bad mode")
	}
	return nil
}

// dialMode1 passes mode 1: modeCheck cannot fail.
func dialMode1(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err := modeCheck(c, 1); err != nil {
		return nil, err
	}
	return c, nil
}

// Package errmerge holds acquisitions whose error is stored, per case, in
// a variable that a deferred closure captures and that is tested after
// the cases merge.
package errmerge

import (
	"errors"
	"net"
)

// dialAny dials by the kind of address; each case stores its own conn
// and error, and the error test after the switch is the failure of the
// case that ran: nothing to close there (net's dialSingle).
func dialAny(kind int, addr string, trace func(error)) (c net.Conn, err error) {
	defer func() { trace(err) }()
	switch kind {
	case 0:
		c, err = net.Dial("tcp", addr)
	case 1:
		c, err = net.Dial("udp", addr)
	default:
		return nil, errors.New("unknown kind")
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// dialAnyLeak drops the conn when the greeting fails.
func dialAnyLeak(kind int, addr string, trace func(error)) (c net.Conn, err error) {
	defer func() { trace(err) }()
	switch kind {
	case 0:
		c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 43`
	default:
		return nil, errors.New("unknown kind")
	}
	if err != nil {
		return nil, err
	}
	if _, err = c.Write([]byte("hi")); err != nil {
		return nil, err
	}
	return c, nil
}

package kinds

import (
	"io"
	"net"
)

// dialTagged is a generic function that dials and returns the conn with a tag: clean (returned).
func dialTagged[T any](addr string, tag T) (net.Conn, T, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		var zero T
		return nil, zero, err
	}
	return c, tag, nil
}

// sendEncoded is a generic function that leaks its conn when the write fails.
func sendEncoded[T any](addr string, v T, enc func(T) []byte) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write(enc(v)); err != nil {
		return err
	}
	return c.Close()
}

// useSendEncoded instantiates sendEncoded; the leak is reported once, in the generic body.
func useSendEncoded(addr string) error {
	return sendEncoded(addr, "hi", func(s string) []byte { return []byte(s) })
}

// writeAll is a generic borrower: it writes to w and never closes it.
func writeAll[W io.Writer](w W, b []byte) int {
	n, _ := w.Write(b)
	return n
}

// shut is a generic helper that closes its parameter on every path (a release).
func shut[C io.Closer](c C) {
	c.Close()
}

// borrowGeneric lends c to the generic borrower writeAll and never closes it.
func borrowGeneric(addr string, msg []byte) int {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return 0
	}
	n := writeAll(c, msg)
	return n
}

// releaseGeneric borrows c for writeAll and releases it with the generic closer shut: clean.
func releaseGeneric(addr string, msg []byte) int {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return 0
	}
	defer shut(c)
	return writeAll(c, msg)
}

// pair is a generic container; storing c in a returned pair transfers it: clean.
type pair[A, B any] struct {
	a A
	b B
}

// dialPair returns c inside a generic struct: clean.
func dialPair[K comparable](addr string, key K) (*pair[K, net.Conn], error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &pair[K, net.Conn]{a: key, b: c}, nil
}

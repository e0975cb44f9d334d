package sources

import (
	"io"
	"net"
)

// probeDiscard dials and throws the conn away unseen.
func probeDiscard(addr string) error {
	_, err := net.Dial("tcp", addr) // want `net\.Conn from net\.Dial is not closed on the return at line 11`
	return err
}

// A oneConnListener hands out one conn, then io.EOF.
type oneConnListener struct{ conn net.Conn }

func (ln *oneConnListener) Accept() (net.Conn, error) {
	c := ln.conn
	ln.conn = nil
	if c == nil {
		return nil, io.EOF
	}
	return c, nil
}

func (ln *oneConnListener) Addr() net.Addr { return nil }

// Close calls Accept with its results unused, so that later calls return
// io.EOF (tailscale's netutil: the engine once crashed on the call with
// no result value).
func (ln *oneConnListener) Close() error {
	ln.Accept() // want `net\.Conn from ln\.Accept is not closed on the return at line 33`
	return nil
}

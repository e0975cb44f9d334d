package fields

import (
	"errors"
	"net"
)

type channel interface {
	Close() error
}

// tunnel's Close returns when closing its channel fails, before it
// closes the conn the tunnel dialed: nothing will close it after that.
type tunnel struct {
	ch   channel
	conn net.Conn
}

func dialTunnel(addr string, ch channel) (*tunnel, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &tunnel{ch: ch, conn: conn}, nil
}

func (t *tunnel) Close() error { // want `net\.Conn t\.conn is not closed on the error return at line 29: Close returns there when closing another part fails, before it closes field conn`
	if err := t.ch.Close(); err != nil {
		return err
	}
	return t.conn.Close()
}

// tidyTunnel closes the conn whatever its channel's Close returns: clean.
type tidyTunnel struct {
	ch   channel
	conn net.Conn
}

func (t *tidyTunnel) Close() error {
	err := t.ch.Close()
	if cerr := t.conn.Close(); err == nil {
		err = cerr
	}
	return err
}

// guardedTunnel returns early only when it was closed before: clean.
type guardedTunnel struct {
	closed bool
	ch     channel
	conn   net.Conn
}

var errClosed = errors.New("closed")

func (t *guardedTunnel) Close() error {
	if t.closed {
		return errClosed
	}
	t.closed = true
	t.ch.Close()
	return t.conn.Close()
}

// servedTunnel's conn is also handed to a goroutine, which may close
// it: its Close's early return is not certain to leak. Clean.
type servedTunnel struct {
	ch   channel
	conn net.Conn
}

func (t *servedTunnel) serve() { go drain(t.conn) }

func (t *servedTunnel) Close() error {
	if err := t.ch.Close(); err != nil {
		return err
	}
	return t.conn.Close()
}

// connSession is built on the conn it is given: its Close may close it.
type connSession struct{ conn net.Conn }

func (s *connSession) Close() error { return s.conn.Close() }

// sessionTunnel's channel is a session over its conn: its Close's early
// return may well have closed the conn. Clean.
type sessionTunnel struct {
	sess *connSession
	conn net.Conn
}

func dialSessionTunnel(addr string) (*sessionTunnel, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &sessionTunnel{sess: &connSession{conn: conn}, conn: conn}, nil
}

func (t *sessionTunnel) Close() error {
	if err := t.sess.Close(); err != nil {
		return err
	}
	return t.conn.Close()
}

// nilledTunnel forgets its conn after closing it (t.conn = nil): a nil
// stored in the field holds nothing, and the early return still leaks.
type nilledTunnel struct {
	ch   channel
	conn net.Conn
}

func dialNilledTunnel(addr string, ch channel) (*nilledTunnel, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &nilledTunnel{ch: ch, conn: conn}, nil
}

func (t *nilledTunnel) Close() error { // want `net\.Conn t\.conn is not closed on the error return at line 126: Close returns there when closing another part fails, before it closes field conn`
	if err := t.ch.Close(); err != nil {
		return err
	}
	err := t.conn.Close()
	t.conn = nil
	return err
}

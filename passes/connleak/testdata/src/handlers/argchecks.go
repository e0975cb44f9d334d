package handlers

import (
	"context"
	"errors"
	"log"
	"net"
)

// A ldapSession serves one accepted conn (gldap's conn).
type ldapSession struct {
	ctx  context.Context
	id   int
	conn net.Conn
	logf func(string, ...any)
}

var errInvalidParameter = errors.New("invalid parameter")

// newLDAPSession fails only when an argument is missing: a check of the
// caller's code, not a failure of the conn.
func newLDAPSession(ctx context.Context, id int, conn net.Conn, logf func(string, ...any)) (*ldapSession, error) {
	if ctx == nil {
		return nil, errInvalidParameter
	}
	if id == 0 {
		return nil, errInvalidParameter
	}
	if conn == nil {
		return nil, errInvalidParameter
	}
	s := &ldapSession{ctx: ctx, id: id, logf: logf}
	if err := s.attach(conn); err != nil {
		return nil, err
	}
	return s, nil
}

// attach fails only on a nil conn.
func (s *ldapSession) attach(conn net.Conn) error {
	if conn == nil {
		return errInvalidParameter
	}
	s.conn = conn
	return nil
}

// serve is the ldapSession's loop; it closes the conn when done.
func (s *ldapSession) serve() {
	defer s.conn.Close()
	buf := make([]byte, 512)
	for {
		if _, err := s.conn.Read(buf); err != nil {
			return
		}
	}
}

// A ldapServer accepts conns and serves each in an ldapSession.
type ldapServer struct {
	ctx  context.Context
	logf func(string, ...any)
}

// acceptSessions returns on newLDAPSession's error, which only a missing
// argument causes; it builds every argument itself (its fields, a
// counter, the accepted conn), so that failure is uncertain: silent.
func (srv *ldapServer) acceptSessions(ln net.Listener) error {
	id := 0
	for {
		id++
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		s, err := newLDAPSession(srv.ctx, id, c, srv.logf)
		if err != nil {
			return err
		}
		go s.serve()
	}
}

// acceptSessionsWith passes its own caller's context, which may be nil:
// newLDAPSession's failure is one its callers can cause.
func acceptSessionsWith(ctx context.Context, ln net.Listener) error {
	id := 0
	for {
		id++
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return at line \d+`
		if err != nil {
			return err
		}
		s, err := newLDAPSession(ctx, id, c, log.Printf)
		if err != nil {
			return err
		}
		go s.serve()
	}
}

// acceptSessionsNoID passes a zero id, which newLDAPSession refuses.
func (srv *ldapServer) acceptSessionsNoID(ln net.Listener) error {
	for {
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return at line \d+`
		if err != nil {
			return err
		}
		s, err := newLDAPSession(srv.ctx, 0, c, srv.logf)
		if err != nil {
			return err
		}
		go s.serve()
	}
}

// newCheckedSession also fails when the peer's greeting cannot be read:
// a failure of the conn itself.
func newCheckedSession(ctx context.Context, conn net.Conn) (*ldapSession, error) {
	if ctx == nil {
		return nil, errInvalidParameter
	}
	hello := make([]byte, 4)
	if _, err := conn.Read(hello); err != nil {
		return nil, err
	}
	return &ldapSession{ctx: ctx, conn: conn}, nil
}

// acceptChecked drops the conn when its greeting cannot be read.
func acceptChecked(ctx context.Context, ln net.Listener) error {
	for {
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return at line \d+`
		if err != nil {
			return err
		}
		s, err := newCheckedSession(ctx, c)
		if err != nil {
			return err
		}
		go s.serve()
	}
}

package handlers

import (
	"bufio"
	"io"
	"net"
	"strings"
)

// A session owns the conn it is built on: its Close closes it.
type session struct {
	conn net.Conn
	r    *bufio.Reader
	user string
}

func newSession(c net.Conn, user string) *session {
	return &session{conn: c, r: bufio.NewReader(c), user: user}
}

func (s *session) Close() error { return s.conn.Close() }

func (s *session) run() {
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			return
		}
		if _, err := io.WriteString(s.conn, line); err != nil {
			return
		}
	}
}

// serveSession reads the greeting through a bufio.Reader and returns on
// its failure (io.EOF: the client hung up) before the session that owns
// the conn exists: the conn is left open.
func serveSession(c net.Conn) { // want `net\.Conn parameter c, from ln\.Accept at line 81 by the goroutine started at line 85, is not closed on the io\.EOF return at line 42`
	br := bufio.NewReader(c)
	hello, err := br.ReadString('\n')
	if err != nil {
		return
	}
	s := newSession(c, strings.TrimSpace(hello))
	defer s.Close()
	s.run()
}

// serveSessionClean closes the conn on that return: clean.
func serveSessionClean(c net.Conn) {
	br := bufio.NewReader(c)
	hello, err := br.ReadString('\n')
	if err != nil {
		c.Close()
		return
	}
	s := newSession(c, strings.TrimSpace(hello))
	defer s.Close()
	s.run()
}

// serveTracked defers a closure that closes the conn and forgets it, but
// only after the greeting: the greeting's failure leaves it open.
func (s *server) serveTracked(c net.Conn) { // want `net\.Conn parameter c is not closed on the io\.EOF return at line 67`
	buf := make([]byte, 8)
	if _, err := io.ReadFull(c, buf); err != nil {
		return
	}
	defer func() {
		c.Close()
		s.forget(c)
	}()
	_, _ = c.Write(buf)
}

func (s *server) forget(net.Conn) {}

// acceptToSessions runs serveSession per accepted conn.
func acceptToSessions(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go serveSession(c)
		go serveSessionClean(c)
	}
}

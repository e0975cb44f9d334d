package handlers

import (
	"crypto/tls"
	"io"
	"net"
)

// socksServer's handler closes the conn only at the end, after serving
// it; its accept loop hands each conn to it and keeps nothing. Both the
// failed read's return and the refusal's return leave the conn open.
type socksServer struct{ ln net.Listener }

func (s *socksServer) serve() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go s.greet(c)
	}
}

func (s *socksServer) greet(c net.Conn) { // want `net\.Conn parameter c, from s\.ln\.Accept at line 16 by the goroutine started at line 20, is not closed on the io\.EOF return at line 27 and on 1 other path`
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(c, hdr); err != nil {
		return
	}
	if hdr[0] != 5 {
		c.Write([]byte{5, 0xff})
		return
	}
	io.Copy(c, c)
	c.Close()
}

// trackedServer also keeps each conn in a set its shutdown closes: the
// refusal's return may leave the conn to it; the failed read's return is
// still reported.
type trackedServer struct {
	ln    net.Listener
	conns map[net.Conn]bool
}

func (s *trackedServer) serve() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		s.conns[c] = true
		go s.greet(c)
	}
}

func (s *trackedServer) greet(c net.Conn) { // want `net\.Conn parameter c, from s\.ln\.Accept at line 47 by the goroutine started at line 52, is not closed on the io\.EOF return at line 59 \(`
	hdr := make([]byte, 2)
	if _, err := io.ReadFull(c, hdr); err != nil {
		return
	}
	if hdr[0] != 5 {
		c.Write([]byte{5, 0xff})
		return
	}
	io.Copy(c, c)
	c.Close()
}

func (s *trackedServer) shutdown() {
	for c := range s.conns {
		c.Close()
	}
}

// connServer is any server a handler hands its conn to.
type connServer interface{ ServeConn(net.Conn) }

// tlsFront's handler never closes the conn itself: it wraps it in TLS and
// hands it to a server; when the TLS handshake fails it returns, and no
// one else holds the conn its accept loop gave it.
type tlsFront struct {
	ln     net.Listener
	cfg    *tls.Config
	server connServer
}

func (s *tlsFront) serve() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go s.handle(c)
	}
}

func (s *tlsFront) handle(cc net.Conn) { // want `net\.Conn parameter cc, from s\.ln\.Accept at line 89 by the goroutine started at line 93, is not closed on the return at line 100`
	tc := tls.Server(cc, s.cfg)
	if err := tc.Handshake(); err != nil {
		return
	}
	s.server.ServeConn(tc)
}

// sharedFront's accept loop also keeps each conn in a set its shutdown
// closes: the handler's return leaves it to that set. Clean.
type sharedFront struct {
	ln     net.Listener
	cfg    *tls.Config
	server connServer
	conns  map[net.Conn]bool
}

func (s *sharedFront) serve() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		s.conns[c] = true
		go s.handle(c)
	}
}

func (s *sharedFront) handle(cc net.Conn) {
	tc := tls.Server(cc, s.cfg)
	if err := tc.Handshake(); err != nil {
		return
	}
	s.server.ServeConn(tc)
}

func (s *sharedFront) shutdown() {
	for c := range s.conns {
		c.Close()
	}
}

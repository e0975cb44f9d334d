package handlers

import (
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

func (s *socksServer) greet(c net.Conn) { // want `net\.Conn parameter c, from s\.ln\.Accept at line 15 by the goroutine started at line 19, is not closed on the io\.EOF return at line 26 and on 1 other path`
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

func (s *trackedServer) greet(c net.Conn) { // want `net\.Conn parameter c, from s\.ln\.Accept at line 46 by the goroutine started at line 51, is not closed on the io\.EOF return at line 58 \(`
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

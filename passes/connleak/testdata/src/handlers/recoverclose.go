package handlers

import (
	"encoding/json"
	"net"
)

// adminServer's handler closes the conn when a request asks not to keep
// it alive, and in a deferred closure only when it recovers from a panic:
// a decode failure (the peer's FIN) returns with the conn open
// (yggdrasil's admin socket).
type adminServer struct{ ln net.Listener }

func (s *adminServer) serve() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go s.handleRequest(c)
	}
}

func (s *adminServer) handleRequest(c net.Conn) { // want `net\.Conn parameter c, from s\.ln\.Accept at line \d+ by the goroutine started at line \d+, is not closed on the io\.EOF return at line \d+`
	dec := json.NewDecoder(c)
	enc := json.NewEncoder(c)
	defer func() {
		if r := recover(); r != nil {
			enc.Encode(map[string]string{"status": "error"})
			c.Close()
		}
	}()
	for {
		var req map[string]any
		if err := dec.Decode(&req); err != nil {
			return
		}
		if err := enc.Encode(req); err != nil {
			return
		}
		if keep, ok := req["keepalive"].(bool); !ok || !keep {
			c.Close()
		}
	}
}

// handleRequestClosed closes the conn in its deferred closure on every
// return: clean.
func (s *adminServer) handleRequestClosed(c net.Conn) {
	dec := json.NewDecoder(c)
	defer func() {
		recover()
		c.Close()
	}()
	for {
		var req map[string]any
		if err := dec.Decode(&req); err != nil {
			return
		}
	}
}

func (s *adminServer) serveClosed() error {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go s.handleRequestClosed(c)
	}
}

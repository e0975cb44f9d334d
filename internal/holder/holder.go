package holder

import (
	"context"
	"fmt"
	"io"
	"net"
	"time"
)

// Config says what to hold.
type Config struct {
	Addr     string // loopback address to listen on: "127.0.0.1" or "::1"
	N        int    // CLOSE_WAIT sockets to create
	ReadEOF  bool   // read each socket to io.EOF before holding it
	Orphans  int    // additional connections reset by the peer while held
	PerPort  int    // connections per listening port; 0 means 20000
	Listener bool   // keep the listeners open (so the sockets are inbound)
}

// Held is the set of sockets a Hold call created.
type Held struct {
	Conns     []net.Conn // in CLOSE_WAIT
	Orphans   []net.Conn // reset by the peer, still open
	Listeners []net.Listener
}

// Close closes every held socket.
func (h *Held) Close() {
	for _, c := range h.Conns {
		c.Close()
	}
	for _, c := range h.Orphans {
		c.Close()
	}
	for _, l := range h.Listeners {
		l.Close()
	}
}

// Hold creates the sockets of cfg. Keepalive is disabled on both sides so
// that the kernel never resets the held sockets. Only loopback addresses
// are accepted.
func Hold(cfg Config) (*Held, error) {
	ip := net.ParseIP(cfg.Addr)
	if ip == nil || !ip.IsLoopback() {
		return nil, fmt.Errorf("holder: %q is not a loopback address", cfg.Addr)
	}
	per := cfg.PerPort
	if per <= 0 {
		per = 20000
	}
	h := &Held{}
	lc := net.ListenConfig{KeepAlive: -1}
	d := net.Dialer{KeepAlive: -1, Timeout: 5 * time.Second}
	var ln net.Listener
	for i := 0; i < cfg.N+cfg.Orphans; i++ {
		if i%per == 0 {
			var err error
			ln, err = lc.Listen(context.Background(), "tcp", net.JoinHostPort(cfg.Addr, "0"))
			if err != nil {
				h.Close()
				return nil, err
			}
			h.Listeners = append(h.Listeners, ln)
		}
		client, err := d.Dial("tcp", ln.Addr().String())
		if err != nil {
			h.Close()
			return nil, fmt.Errorf("holder: dial %d: %w", i, err)
		}
		server, err := ln.Accept()
		if err != nil {
			client.Close()
			h.Close()
			return nil, fmt.Errorf("holder: accept %d: %w", i, err)
		}
		if i >= cfg.N {
			client.(*net.TCPConn).SetLinger(0) // close sends RST
			client.Close()
			h.Orphans = append(h.Orphans, server)
			continue
		}
		client.Close()
		if cfg.ReadEOF {
			server.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.Copy(io.Discard, server); err != nil {
				h.Close()
				return nil, fmt.Errorf("holder: read to EOF: %w", err)
			}
		}
		h.Conns = append(h.Conns, server)
	}
	if !cfg.Listener {
		for _, l := range h.Listeners {
			l.Close()
		}
		h.Listeners = nil
	}
	return h, nil
}

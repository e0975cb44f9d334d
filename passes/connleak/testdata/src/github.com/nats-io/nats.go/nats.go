// Package nats is a stub of github.com/nats-io/nats.go: a client
// connection to a NATS server.
//
// Its constructors do not dial: only the table says they return a
// fresh connection (as the real ones, whose bodies no summary can
// follow, need it to).
package nats

import (
	"net"
	"time"
)

// Conn is a connection to a NATS server, with its reader and flusher.
type Conn struct{ conn net.Conn }

// Option configures Connect.
type Option func(*Options) error

// Options configures a connection.
type Options struct{ Url string }

// Msg is a message.
type Msg struct{ Data []byte }

// Connect connects to the server at url.
func Connect(url string, options ...Option) (*Conn, error) {
	return Options{Url: url}.Connect()
}

// Connect connects with these options.
func (o Options) Connect() (*Conn, error) {
	return &Conn{}, nil
}

// Request sends a request and waits for its reply.
func (nc *Conn) Request(subj string, data []byte, timeout time.Duration) (*Msg, error) {
	return &Msg{}, nil
}

// RTT measures the round trip to the server.
func (nc *Conn) RTT() (time.Duration, error) { return 0, nil }

// Close closes the connection.
func (nc *Conn) Close() { nc.conn.Close() }

// Drain unsubscribes, flushes and then closes the connection.
func (nc *Conn) Drain() error { return nc.conn.Close() }

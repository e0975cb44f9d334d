// Package quic stands for github.com/quic-go/quic-go: QUIC conns, closed
// with CloseWithError.
package quic

import (
	"context"
	"crypto/tls"
)

// A Config configures a conn.
type Config struct{}

// An ApplicationErrorCode is sent with a close.
type ApplicationErrorCode uint64

// A Conn is a QUIC connection.
type Conn struct{ addr string }

// CloseWithError closes the conn, sending code and desc to the peer.
func (c *Conn) CloseWithError(code ApplicationErrorCode, desc string) error { return nil }

// OpenStream opens a stream.
func (c *Conn) OpenStream() (any, error) { return nil, nil }

// DialAddr dials addr over a UDP socket of its own.
func DialAddr(ctx context.Context, addr string, tlsConf *tls.Config, conf *Config) (*Conn, error) {
	return &Conn{addr: addr}, nil
}

// AcceptStream waits for the peer's next stream; it fails once the conn
// is closed.
func (c *Conn) AcceptStream(ctx context.Context) (any, error) { return nil, nil }

// A Listener accepts QUIC conns over one UDP socket it owns.
type Listener struct{}

// Accept returns the next conn, which shares the listener's socket.
func (l *Listener) Accept(ctx context.Context) (*Conn, error) { return &Conn{}, nil }

// Close closes the listener and its socket.
func (l *Listener) Close() error { return nil }

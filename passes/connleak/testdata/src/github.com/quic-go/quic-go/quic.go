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

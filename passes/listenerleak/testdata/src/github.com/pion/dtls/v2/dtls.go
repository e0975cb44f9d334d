// Package dtls is a stub of github.com/pion/dtls/v2 for the fixtures:
// the signatures the table names.
package dtls

import "net"

// Config is the stub's configuration.
type Config struct{}

// Conn is a DTLS connection.
type Conn struct{ net.Conn }

// Listen listens for DTLS connections on a UDP address.
func Listen(network string, laddr *net.UDPAddr, config *Config) (net.Listener, error) {
	return nil, nil
}

// Dial dials a DTLS connection.
func Dial(network string, raddr *net.UDPAddr, config *Config) (*Conn, error) {
	return nil, nil
}

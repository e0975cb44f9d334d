// Package builderlib exports a builder func type whose default builds a
// fresh client: callers in other packages learn it from a fact.
package builderlib

import "net"

// Client owns a conn to a server.
type Client struct{ conn net.Conn }

// Ping asks the server.
func (c *Client) Ping() error { return nil }

// Close closes the conn.
func (c *Client) Close() error { return c.conn.Close() }

// ClientBuilder builds a client to addr.
type ClientBuilder func(addr string) (*Client, error)

// DefaultClientBuilder dials addr.
func DefaultClientBuilder(addr string) (*Client, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: conn}, nil
}

// Options configures a prober.
type Options struct {
	Build ClientBuilder
}

// NewOptions returns the defaults.
func NewOptions() Options { return Options{Build: DefaultClientBuilder} }

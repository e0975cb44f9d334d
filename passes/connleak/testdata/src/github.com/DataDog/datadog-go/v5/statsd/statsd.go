// Package statsd is a stub of github.com/DataDog/datadog-go/v5/statsd: a
// DogStatsD client over a UDP or unixgram socket.
package statsd

import "net"

// Client sends metrics to the agent.
type Client struct{ conn net.Conn }

// New opens the socket to the agent at addr.
func New(addr string) (*Client, error) {
	c, err := net.Dial("udp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

// Gauge sends a gauge.
func (c *Client) Gauge(name string, value float64) error { return nil }

// Close flushes and closes the socket.
func (c *Client) Close() error { return c.conn.Close() }

// NewWithBuffer opens the socket to the agent at addr and buffers n
// metrics (not in the table: its summary says it returns a fresh
// datagram socket).
func NewWithBuffer(addr string, n int) (*Client, error) {
	c, err := net.Dial("udp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

// Package amqp is a stub of github.com/streadway/amqp: a connection to
// the broker and the channels multiplexed on it.
package amqp

import "net"

// Connection is a connection to an AMQP broker.
type Connection struct{ conn net.Conn }

// Channel is a channel on a Connection.
type Channel struct{}

// Dial connects to the broker at url.
func Dial(url string) (*Connection, error) {
	c, err := net.Dial("tcp", url)
	if err != nil {
		return nil, err
	}
	return &Connection{conn: c}, nil
}

// Channel opens a channel on the connection.
func (c *Connection) Channel() (*Channel, error) { return &Channel{}, nil }

// Close closes the connection.
func (c *Connection) Close() error { return c.conn.Close() }

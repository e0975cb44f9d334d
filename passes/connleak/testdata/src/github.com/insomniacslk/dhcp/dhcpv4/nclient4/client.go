// Package nclient4 is a stub of github.com/insomniacslk/dhcp's DHCPv4
// client: a packet socket on an interface and a receive loop on it.
package nclient4

import "net"

// Client is a DHCPv4 client.
type Client struct{ conn net.PacketConn }

// Lease is what a DHCP exchange gives.
type Lease struct{ Addr net.IP }

// New opens a socket on iface.
func New(iface string) (*Client, error) {
	c, err := net.ListenPacket("udp4", ":68")
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

// Request runs a DHCP exchange.
func (c *Client) Request() (*Lease, error) { return &Lease{}, nil }

// Close closes the socket and stops the receive loop.
func (c *Client) Close() error { return c.conn.Close() }

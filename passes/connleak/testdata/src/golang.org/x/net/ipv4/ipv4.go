// Package ipv4 stands for golang.org/x/net/ipv4: a wrapper whose Close
// closes the conn it wraps.
package ipv4

import "net"

// A PacketConn sets IPv4 socket options on a packet conn.
type PacketConn struct{ c net.PacketConn }

// NewPacketConn wraps c.
func NewPacketConn(c net.PacketConn) *PacketConn { return &PacketConn{c} }

// SetControlMessage sets a socket option.
func (p *PacketConn) SetControlMessage(on bool) error { return nil }

// Close closes the wrapped conn.
func (p *PacketConn) Close() error { return p.c.Close() }

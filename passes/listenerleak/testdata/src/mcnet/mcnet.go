// Package mcnet wraps net's listeners, as a game protocol library does:
// its Listener's Accept has a value receiver.
package mcnet

import "net"

// A Listener wraps a net.Listener.
type Listener struct{ net.Listener }

// Accept accepts through the embedded listener.
func (l Listener) Accept() (net.Conn, error) { return l.Listener.Accept() }

// Listen returns a fresh *Listener.
func Listen(addr string) (*Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Listener{l}, nil
}

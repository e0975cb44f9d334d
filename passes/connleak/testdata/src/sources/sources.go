// Package sources holds conns that come from calls without a body the
// engine can read: func values and interface methods that dial.
package sources

import (
	"context"
	"net"
)

type forwarder struct {
	forwardDial func(network, addr string) (net.Conn, error)
	lookup      func(network, addr string) (net.Conn, error)
}

// hello drops the conn of the forwardDial func value on a failed write.
func (f *forwarder) hello(addr string) error {
	conn, err := f.forwardDial("tcp", addr) // want `net\.Conn conn from f\.forwardDial is not closed on the error return at line 22`
	if err != nil {
		return err
	}
	if _, err := conn.Write([]byte("hi")); err != nil {
		return err
	}
	return conn.Close()
}

// helloClean closes it on every path: clean.
func (f *forwarder) helloClean(addr string) error {
	conn, err := f.forwardDial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write([]byte("hi"))
	return err
}

// cached gets a conn from a func value whose name does not say it dials
// (a pool's lookup may hand out a conn it keeps): silent.
func (f *forwarder) cached(addr string) error {
	conn, err := f.lookup("tcp", addr)
	if err != nil {
		return err
	}
	_, err = conn.Write([]byte("hi"))
	return err
}

type netDialer interface {
	NetDialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

// probe drops the conn of an interface method named for dialing.
func probe(ctx context.Context, d netDialer, addr string) error {
	conn, err := d.NetDialContext(ctx, "tcp", addr) // want `net\.Conn conn from d\.NetDialContext is not closed on the return at line 60`
	if err != nil {
		return err
	}
	conn.Write([]byte("ping"))
	return nil
}

type dialConfig struct {
	Dial func(network, addr string) (net.Conn, error)
}

// connectDefault takes a configured dial func and falls back to net.Dial
// when it is nil (amqp091-go's DefaultDial): the phi of the two is a
// dialer too, and the failed greeting drops its conn.
func connectDefault(cfg dialConfig, addr string) (net.Conn, error) {
	dialer := cfg.Dial
	if dialer == nil {
		dialer = net.Dial
	}
	conn, err := dialer("tcp", addr) // want `net\.Conn conn from dialer is not closed on the error return at line \d+`
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write([]byte("hello")); err != nil {
		return nil, err
	}
	return conn, nil
}

// connectDefaultClean closes it there: clean.
func connectDefaultClean(cfg dialConfig, addr string) (net.Conn, error) {
	dialer := cfg.Dial
	if dialer == nil {
		dialer = net.Dial
	}
	conn, err := dialer("tcp", addr)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write([]byte("hello")); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

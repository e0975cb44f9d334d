package ownership

import (
	"errors"
	"net"
)

type amqpChannel struct{}

func openChannel(c net.Conn) (*amqpChannel, error) {
	if _, err := c.Write([]byte("channel.open")); err != nil {
		return nil, err
	}
	return &amqpChannel{}, nil
}

// dialBroker returns the conn together with the error when opening a
// channel on it fails (dapr's rabbitmq dial): by Go's convention a caller
// reads no other result when err is not nil, so the conn leaks.
func dialBroker(addr string) (net.Conn, *amqpChannel, error) {
	conn, err := net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line 27`
	if err != nil {
		return nil, nil, err
	}
	ch, err := openChannel(conn)
	if err != nil {
		return conn, nil, err
	}
	return conn, ch, nil
}

// dialBrokerClean closes it first: clean.
func dialBrokerClean(addr string) (net.Conn, *amqpChannel, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, nil, err
	}
	ch, err := openChannel(conn)
	if err != nil {
		conn.Close()
		return nil, nil, err
	}
	return conn, ch, nil
}

// errPartial is returned with a conn that is still usable.
var errPartial = errors.New("partial handshake")

// dialPartial documents that the conn comes back with errPartial, and its
// caller closes it: clean.
func dialPartial(addr string) (net.Conn, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write([]byte("hello")); err != nil {
		return conn, errPartial
	}
	return conn, nil
}

func usePartial(addr string) error {
	conn, err := dialPartial(addr)
	if conn != nil {
		defer conn.Close()
	}
	return err
}

// A keep-alive listener returns the accepted conn with the error of a
// socket option (echo's tcpKeepAliveListener): net/http's Serve drops
// the conn when Accept fails, so it leaks where the option fails on an
// open socket (darwin, after the peer reset it).
type keepAliveListener struct{ *net.TCPListener }

func (ln keepAliveListener) Accept() (c net.Conn, err error) {
	if c, err = ln.AcceptTCP(); err != nil { // want `\*net\.TCPConn c from ln\.AcceptTCP is not closed on the error return at line 80`
		return
	} else if err = c.(*net.TCPConn).SetKeepAlive(true); err != nil {
		return
	}
	return
}

// acceptClean closes it there: clean.
func (ln keepAliveListener) acceptClean() (net.Conn, error) {
	c, err := ln.AcceptTCP()
	if err != nil {
		return nil, err
	}
	if err := c.SetKeepAlive(true); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// closeOnFailure closes c when the err it is given is not nil.
func closeOnFailure(c net.Conn, err error) {
	if c != nil && err != nil {
		c.Close()
	}
}

// dialGreeted returns c with the greeting's error, but its deferred
// closure reads the final err and closes c then: clean (tun2socks's
// fixed proxies).
func dialGreeted(addr string) (c net.Conn, err error) {
	c, err = net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer func() { closeOnFailure(c, err) }()
	if _, err = c.Write([]byte("hello")); err != nil {
		return
	}
	return c, nil
}

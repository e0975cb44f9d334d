package ownership

import (
	"net"
	"net/rpc"
)

type client struct {
	conn net.Conn
	name string
}

type session struct {
	conn net.Conn
	id   int
}

var (
	defaultConn net.Conn
	pool        []net.Conn
)

// dialReturn hands c to the caller: clean.
func dialReturn(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newClient stores c in a struct that is returned to the caller: clean.
func newClient(addr, name string) (*client, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &client{conn: c, name: name}, nil
}

// (cl *client) redial stores the new conn in a field of the receiver, which outlives the call: clean.
func (cl *client) redial(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	cl.conn = c
	return nil
}

// dialIntoMap stores c in a caller's map: clean.
func dialIntoMap(m map[string]net.Conn, addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	m[addr] = c
	return nil
}

// dialIntoPool appends c to a package-level slice: clean.
func dialIntoPool(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	pool = append(pool, c)
	return nil
}

// dialGlobal stores c in a package-level variable: clean.
func dialGlobal(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defaultConn = c
	return nil
}

// dialToChannel sends c on a channel; the receiver owns it: clean.
func dialToChannel(addr string, out chan<- net.Conn) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	out <- c
}

// dialToCallback passes c to a function value whose behaviour is unknown: clean.
func dialToCallback(addr string, fn func(net.Conn)) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	fn(c)
}

// dialToGoroutineCallback starts an unknown function value on c in a goroutine: clean.
func dialToGoroutineCallback(addr string, fn func(net.Conn)) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	go fn(c)
}

// serveRPC hands c to net/rpc, a function from another package: clean.
func serveRPC(ln net.Listener) {
	c, err := ln.Accept()
	if err != nil {
		return
	}
	rpc.ServeConn(c)
}

// closerFunc returns a closure that captures c; whoever calls it closes c: clean.
func closerFunc(addr string) (func(), error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return func() { c.Close() }, nil
}

// keep is a same-package helper that stores its parameter in the pool (a transfer).
func keep(c net.Conn) {
	pool = append(pool, c)
}

// dialKeep transfers c to keep, which stores it: clean.
func dialKeep(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	keep(c)
}

// wrap is a same-package helper that returns its parameter inside a client (a transfer).
func wrap(c net.Conn) *client {
	return &client{conn: c}
}

// dialWrap returns the client that wrap built around c: clean.
func dialWrap(addr string) (*client, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return wrap(c), nil
}

// localSession keeps c in a local struct that never escapes and never closes it.
func localSession(addr string) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	s := session{conn: c, id: 1}
	s.conn.Write([]byte("x"))
}

// localSessionClosed closes c through the local struct's field: clean.
func localSessionClosed(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	s := session{conn: c, id: 1}
	defer s.conn.Close()
	s.conn.Write([]byte("x"))
}

// transferAfterError leaks on the error return that precedes the channel send.
func transferAfterError(addr string, out chan<- net.Conn) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if err := handshake(c); err != nil {
		return err
	}
	out <- c
	return nil
}

package errmerge

import "net"

// Error is a package's own error interface, as some clients return
// instead of error (aerospike's Error): a nil one is success.
type Error interface {
	error
	Code() int
}

type codeErr struct{ code int }

func (e *codeErr) Error() string { return "code" }
func (e *codeErr) Code() int     { return e.code }

type client struct{ c net.Conn }

func (c *client) Close() error { return c.c.Close() }

// dialClient returns nil with every non-nil Error: its callers' error
// branches own nothing.
func dialClient(addr string) (*client, Error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, &codeErr{1}
	}
	return &client{c: c}, nil
}

// useClient returns on dialClient's failure, where it got nil: clean.
func useClient(addr string) Error {
	cl, err := dialClient(addr)
	if err != nil {
		return err
	}
	defer cl.Close()
	return nil
}

// leakClient drops the client on its own later failure.
func leakClient(addr string, ok bool) Error {
	cl, err := dialClient(addr) // want `\*client cl from dialClient is not closed on the error return at line 48`
	if err != nil {
		return err
	}
	if !ok {
		return &codeErr{2}
	}
	if err := cl.Close(); err != nil {
		return &codeErr{3}
	}
	return nil
}

type pool struct{ idle []*poolConn }

func (p *pool) Close() error { return nil }

type poolConn struct {
	c    net.Conn
	pool *pool // a back-pointer to the owner, nil when dialed
}

func (pc *poolConn) Close() error { return pc.c.Close() }

func dialPoolConn(addr string) (*poolConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &poolConn{c: c}, nil
}

// attach sets the conn's back-pointer, which drops nothing, and returns
// the conn: clean.
func attach(p *pool, addr string) (*poolConn, error) {
	pc, err := dialPoolConn(addr)
	if err != nil {
		return nil, err
	}
	pc.pool = p
	return pc, nil
}

// swapConn replaces the net.Conn the conn was dialed with, which nothing
// can close afterwards.
func swapConn(addr string, other net.Conn) *poolConn {
	pc, err := dialPoolConn(addr) // want `\*poolConn pc from dialPoolConn is not closed when its c field is replaced at line 93`
	if err != nil {
		return nil
	}
	pc.c = other
	return pc
}

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

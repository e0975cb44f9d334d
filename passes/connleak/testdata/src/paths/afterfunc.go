package paths

import (
	"context"
	"net"
)

// dialUntilDone closes the conn from a context.AfterFunc callback only if
// ctx is done before it returns: the deferred stop() calls that off, so
// the return on a failed read of the greeting leaves the conn open.
func dialUntilDone(ctx context.Context, addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return at line 20`
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	hello := make([]byte, 4)
	if _, err := c.Read(hello); err != nil {
		return nil, err
	}
	return c, nil
}

// dialUntilDoneClean closes it on that return too: clean.
func dialUntilDoneClean(ctx context.Context, addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	hello := make([]byte, 4)
	if _, err := c.Read(hello); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

// dialForContext ties the conn's life to ctx and never calls that off:
// the callback closes it once ctx is done (silent).
func dialForContext(ctx context.Context, addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	context.AfterFunc(ctx, func() { c.Close() })
	_, err = c.Write([]byte("hello"))
	return err
}

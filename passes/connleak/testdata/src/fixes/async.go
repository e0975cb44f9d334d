package fixes

import (
	"context"
	"net"
)

// startReader hands c to a goroutine it starts: not a borrow.
func startReader(c net.Conn, out chan<- []byte) {
	go func() {
		b := make([]byte, 10)
		n, err := c.Read(b)
		if err != nil {
			return
		}
		out <- b[:n]
	}()
}

// openAsync passes c to a helper whose goroutine uses it: a deferred Close
// would close it under the goroutine, so no fix.
func openAsync(addr string, out chan<- []byte) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed by startReader, which takes it, on its io\.EOF return`
	if err != nil {
		return err
	}
	startReader(c, out)
	return nil
}

// A ctxClient closes with a context.
type ctxClient struct{ c net.Conn }

func (cl *ctxClient) Close(ctx context.Context) error { return cl.c.Close() }

func dialClient(addr string) (*ctxClient, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &ctxClient{c: c}, nil
}

// closeWithArgs releases the client with Close(ctx): clean.
func closeWithArgs(ctx context.Context, addr string) error {
	cl, err := dialClient(addr)
	if err != nil {
		return err
	}
	defer cl.Close(ctx)
	return nil
}

// forgetCtxClient never closes it; `defer cl.Close()` would not compile,
// so no fix.
func forgetCtxClient(addr string) error {
	cl, err := dialClient(addr) // want `\*ctxClient cl from dialClient is not closed on the return`
	if err != nil {
		return err
	}
	_ = cl
	return nil
}

package errmerge

import (
	"errors"
	"net"
	"sync"
)

// serveCaptured is an accept loop whose err is captured by the goroutine
// it starts per conn (`err = serve(conn)` inside it): the Accept error
// checks read the cell, which only this iteration's Accept has stored
// to when they run. The error return owns no conn.
func serveCaptured(ln net.Listener, wg *sync.WaitGroup, serve func(net.Conn) error) error {
	for {
		conn, err := ln.Accept()
		if errors.Is(err, net.ErrClosed) {
			return nil
		}
		if err != nil {
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer conn.Close()
			err = serve(conn)
		}()
	}
}

// dialCaptured is its leaking twin: the check that fails after the
// dial, with err captured by a closure that runs later.
func dialCaptured(addr string, hello []byte) (func() error, error) {
	conn, err := net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line 39`
	if err != nil {
		return nil, err
	}
	if _, err = conn.Write(hello); err != nil {
		return nil, err
	}
	return func() error {
		defer conn.Close()
		_, err = conn.Write(hello)
		return err
	}, nil
}

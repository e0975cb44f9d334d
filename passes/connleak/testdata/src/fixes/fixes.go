package fixes

import (
	"io"
	"net"
)

// readOnce never closes c: the fix defers Close after the error check.
func readOnce(addr string) ([]byte, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 64)
	if _, err := io.ReadFull(c, buf); err != nil {
		return nil, err
	}
	return buf, nil
}

// nested gets its fix indented to the statement's depth.
func nested(addr string, on bool) error {
	if on {
		c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
		if err != nil {
			return err
		}
		_, err = c.Write([]byte("x"))
		return err
	}
	return nil
}

// closedOnOnePath already has a Close: a defer would close twice, so
// the fix closes c before the early return instead.
func closedOnOnePath(addr string, quick bool) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return err
	}
	if quick {
		return nil
	}
	return c.Close()
}

// inLoop would pile up defers: no fix.
func inLoop(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			return
		}
		c.Write([]byte("x"))
	}
}

// noErrCheck has no point where c is known non-nil: no fix.
func noErrCheck(addr string) {
	c, _ := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	c.Write([]byte("x"))
}

// worker only borrows its conn, which only go statements hand it: it
// owns it, and its return is where the leak is reported.
func worker(c net.Conn) { // want `net\.Conn parameter c, from net\.Dial at line \d+ by the goroutine started at line \d+, is not closed on the return`
	c.Write([]byte("x"))
}

// goroutine hands c to a goroutine that may outlive a defer: no fix.
func goroutine(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	go worker(c)
	return nil
}

// elseBranch checks the error with an else: no single insertion point.
func elseBranch(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return err
	} else {
		c.Write([]byte("x"))
	}
	return nil
}

// returnedOnSuccess hands c to the caller on success: a deferred Close
// would close the returned conn, so the fix closes it before the error
// return, the path on which nothing takes it.
func returnedOnSuccess(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if _, err := c.Write([]byte("hello")); err != nil {
		return nil, err
	}
	return c, nil
}

// greeter owns the conn it reads the greeting from, on success only.
type greeter struct{ c net.Conn }

func newGreeter(c net.Conn) (*greeter, error) {
	if _, err := c.Write([]byte("hello")); err != nil {
		return nil, err
	}
	return &greeter{c: c}, nil
}

func (g *greeter) Close() error { return g.c.Close() }

// dialGreeter leaks c only where newGreeter fails: a Close before the
// return would close the greeter's conn too, so no fix is offered.
func dialGreeter(addr string) (*greeter, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	return newGreeter(c)
}

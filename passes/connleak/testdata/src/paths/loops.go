package paths

import (
	"net"
	"time"
)

// pingAll skips a conn it cannot write to with continue, dropping it open.
func pingAll(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed on the continue`
		if err != nil {
			continue
		}
		if _, err := c.Write([]byte("ping")); err != nil {
			continue
		}
		c.Close()
	}
}

// pingAllClosed closes before every continue: clean.
func pingAllClosed(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		if _, err := c.Write([]byte("ping")); err != nil {
			c.Close()
			continue
		}
		c.Close()
	}
}

// redialOverwrite dials a second time into the same variable while the first conn is still open.
func redialOverwrite(primary, backup string) error {
	c, err := net.Dial("tcp", primary) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
	if err != nil {
		return err
	}
	c.Write([]byte("hello"))
	c, err = net.Dial("tcp", backup)
	if err != nil {
		return err
	}
	return c.Close()
}

// redialClosed closes the first conn before reusing the variable: clean.
func redialClosed(primary, backup string) error {
	c, err := net.Dial("tcp", primary)
	if err != nil {
		return err
	}
	c.Write([]byte("hello"))
	c.Close()
	c, err = net.Dial("tcp", backup)
	if err != nil {
		return err
	}
	return c.Close()
}

// lastOneWins dials each address into one variable; every iteration overwrites the previous conn.
func lastOneWins(addrs []string) error {
	var c net.Conn
	var err error
	for _, a := range addrs {
		c, err = net.Dial("tcp", a) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			return err
		}
	}
	if c != nil {
		return c.Close()
	}
	return nil
}

// retryDial retries until one dial succeeds, breaks out and defers the Close: clean.
func retryDial(addr string) error {
	var c net.Conn
	var err error
	for i := 0; i < 3; i++ {
		c, err = net.Dial("tcp", addr)
		if err == nil {
			break
		}
		time.Sleep(time.Second)
	}
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("x"))
	return err
}

// firstReachable returns the first conn that dials and closes the ones it rejects: clean.
func firstReachable(addrs []string) net.Conn {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		if c.RemoteAddr() == nil {
			c.Close()
			continue
		}
		return c
	}
	return nil
}

// rangeIntNoContinue leaks each conn at the natural end of a
// range-over-int loop; the continue in the other loop, and the one on the
// dial's failure, have nothing to do with it.
func rangeIntNoContinue(addrs []string, n int) {
	for i := range n {
		if i == 2 {
			continue
		}
		_ = i
	}
	for i := range 3 {
		c, err := net.Dial("tcp", addrs[i]) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			continue
		}
		c.Write([]byte("x"))
	}
}

// redialLoopsDeferred assigns conns to one variable in two loops, closing
// the old one before each dial, and a deferred closure closes the last:
// clean. (Past each dial's own loop, the walk of every dial into c is the
// same: the engine walks it once for both.)
func redialLoopsDeferred(addr string, xs []int) error {
	var c net.Conn
	var err error
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for range xs {
		if c != nil {
			c.Close()
		}
		c, err = net.Dial("tcp", addr)
		if err != nil {
			return err
		}
	}
	for range xs {
		if c != nil {
			c.Close()
		}
		c, err = net.Dial("tcp", addr)
		if err != nil {
			return err
		}
	}
	return nil
}

// redialLoopsDeferredLeak is the same without the Close before the second
// loop's dial: each conn of the first loop that the second overwrites leaks.
func redialLoopsDeferredLeak(addr string, xs []int) error {
	var c net.Conn
	var err error
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for range xs {
		if c != nil {
			c.Close()
		}
		c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed when c is overwritten at line \d+`
		if err != nil {
			return err
		}
	}
	for range xs {
		c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed when c is overwritten at line \d+`
		if err != nil {
			return err
		}
	}
	return nil
}

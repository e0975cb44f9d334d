package paths

import (
	"errors"
	"net"
)

// dialEither dials through a proxy or directly, then greets the server on
// the direct conn only: the greeting's error return leaks the direct conn,
// and cannot be reached with the proxy's (the same flag decides both).
func dialEither(addr, proxy string, viaProxy bool) (net.Conn, error) {
	var c net.Conn
	var err error
	if viaProxy {
		c, err = net.Dial("tcp", proxy)
		if err != nil {
			return nil, err
		}
	} else {
		c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line \d+`
		if err != nil {
			return nil, err
		}
	}
	if !viaProxy {
		if _, err := c.Write([]byte("hello")); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// dialViaLeak tests the same flag again on the path that dialled: the
// return under viaProxy leaves that conn open.
func dialViaLeak(proxy string, viaProxy, strict bool) error {
	var c net.Conn
	var err error
	if viaProxy {
		c, err = net.Dial("tcp", proxy) // want `net\.Conn c from net\.Dial is not closed on the error return at line \d+`
		if err != nil {
			return err
		}
	}
	if strict && viaProxy {
		return errors.New("strict mode refuses proxies")
	}
	if c != nil {
		c.Close()
	}
	return nil
}

// dialWhenReady tests a flag computed anew in each iteration: the next
// iteration's test is of a new value, so the conn dialled under the first
// one is dropped when a later one is false.
func dialWhenReady(addr string, ready func() bool) {
	var c net.Conn
	for i := 0; i < 3; i++ {
		ok := ready()
		if ok && c == nil {
			var err error
			c, err = net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return at line \d+`
			if err != nil {
				return
			}
		}
		if !ok {
			return
		}
	}
	if c != nil {
		c.Close()
	}
}

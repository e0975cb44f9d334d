package connreuse

import (
	"io"
	"net"
	"net/http"
)

func deferConn(addrs []string) error {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			return err
		}
		defer c.Close() // want `defer c\.Close\(\) in a loop: connection c from net\.Dial of every iteration stays open`
		c.Write([]byte("x"))
	}
	return nil
}

func deferBody(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		defer resp.Body.Close() // want `defer resp\.Body\.Close\(\) in a loop: response body resp\.Body from http\.Get of every iteration stays open`
		io.Copy(io.Discard, resp.Body)
	}
}

func deferListener(addrs []string) {
	for _, a := range addrs {
		ln, err := net.Listen("tcp", a)
		if err != nil {
			continue
		}
		defer func() { ln.Close() }() // want `a deferred Close in a loop: listener ln from net\.Listen of every iteration stays open`
	}
}

func deferAccept(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close() // want `defer c\.Close\(\) in a loop: connection c from ln\.Accept of every iteration stays open`
		io.Copy(c, c)
	}
}

// Correct twins.

func deferPerIteration(addrs []string) {
	for _, a := range addrs {
		func() {
			c, err := net.Dial("tcp", a)
			if err != nil {
				return
			}
			defer c.Close() // in a function literal called per iteration: fine
			c.Write([]byte("x"))
		}()
	}
}

func retry(addr string) (string, error) {
	var err error
	for i := 0; i < 3; i++ {
		var c net.Conn
		c, err = net.Dial("tcp", addr)
		if err != nil {
			continue
		}
		defer c.Close() // the loop ends here: only one is deferred
		return c.RemoteAddr().String(), nil
	}
	return "", err
}

func deferOutside(addr string, n int) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		defer c.Close() // acquired outside the loop (odd, but not this check's)
	}
	return nil
}

func ignored(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		//closewait:ignore the loop runs at most twice
		defer c.Close()
	}
}

// clients opens one conn per worker and hands each to its goroutine: the
// deferred Close at the end is each conn's intended lifetime (a
// benchmark's clients run side by side until the function returns), not
// an iteration's leftover.
func clients(addr string, n int, work func(net.Conn)) error {
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		go work(c)
	}
	select {}
}

// clientsCaptured hands each conn to a goroutine through a closure.
func clientsCaptured(addr string, n int) error {
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		go func() { c.Write([]byte("x")) }()
	}
	select {}
}

// sequential uses each conn in the iteration only: reported.
func sequential(addr string, n int, work func(net.Conn)) error {
	for i := 0; i < n; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		defer c.Close() // want `defer c\.Close\(\) in a loop: connection c from net\.Dial of every iteration stays open`
		work(c)
	}
	return nil
}

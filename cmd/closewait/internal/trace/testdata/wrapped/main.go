// Command wrapped leaks connections that it dials through a wrapper, as a
// database driver's dial function wraps net.Dialer, for the tests of
// closewait trace -check: the socket is created in the wrapper, and the
// static finding sits one frame up, on the wrapper's call. With -reset it
// also keeps connections that its server resets (-reset N), which become orphaned
// descriptors.
//
// It prints "ready" once its servers listen, then waits for a line on its
// standard input, makes its connections, prints "done" once they are in
// CLOSE_WAIT (or reset), and exits when its standard input closes.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"
)

var held []net.Conn // reset connections, still referenced

func main() {
	greets := flag.Int("greet", 3, "connections to leak through the wrapper")
	resets := flag.Int("reset", 0, "connections to keep that the server resets")
	flag.Parse()
	hangUp := listen(func(c net.Conn) { c.Close() })
	resetter := listen(func(c net.Conn) {
		io.ReadFull(c, make([]byte, 1)) // once the client is connected
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	})
	fmt.Println("ready")
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadString('\n'); err != nil {
		return
	}
	for i := 0; i < *greets; i++ {
		greet(hangUp)
	}
	for i := 0; i < *resets; i++ {
		keep(resetter)
	}
	time.Sleep(200 * time.Millisecond)
	fmt.Println("done")
	io.Copy(io.Discard, in)
}

// listen serves each connection of a new loopback listener with serve and
// returns its address.
func listen(serve func(net.Conn)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			serve(c)
		}
	}()
	return ln.Addr().String()
}

// dial is the wrapper: the socket is created here.
func dial(addr string) (net.Conn, error) {
	d := &net.Dialer{Timeout: 5 * time.Second}
	return d.DialContext(context.Background(), "tcp", addr) // SITE(wrapper)
}

// greet reads a server's greeting and leaks the connection when the
// server hangs up instead.
func greet(addr string) error {
	c, err := dial(addr) // SITE(greet)
	if err != nil {
		return err
	}
	buf := make([]byte, 64)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	return c.Close()
}

// keep keeps a connection that its server resets.
func keep(addr string) {
	c, err := dial(addr)
	if err != nil {
		fail(err)
	}
	c.Write([]byte{1})
	held = append(held, c)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

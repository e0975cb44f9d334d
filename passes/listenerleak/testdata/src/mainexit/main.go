// Command mainexit holds resources that are still open when main returns:
// the process exits, which closes them, so main itself leaks nothing.
// Other functions of package main still count.
package main

import (
	"flag"
	"log"
	"net"
)

// main listens and dials, then returns or falls off its end with both
// open: the process exits. (Shape: a listener open at main's return.)
func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		return
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return
	}
	serve(ln)
}

// serve accepts one conn on ln and closes it.
func serve(ln net.Listener) {
	c, err := ln.Accept()
	if err != nil {
		return
	}
	defer c.Close()
	c.Write([]byte("hello"))
}

// listen is not main: the listener leaks on its return.
func listen(addr string) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the return`
	if err != nil {
		return err
	}
	_ = ln.Addr()
	return nil
}

// init runs before main: what it leaves open stays open while main runs.
func init() {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // want `net\.Listener ln from net\.Listen is not closed on the return`
	if err != nil {
		return
	}
	_ = ln.Addr()
}

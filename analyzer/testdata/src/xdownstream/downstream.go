// Package xdownstream calls xmiddle, which calls xupstream.
package xdownstream

import (
	"net"

	"xmiddle"
	"xupstream"
)

// closedThroughTwoPackages closes the conn from xmiddle.Connect with
// xmiddle.Finish: clean.
func closedThroughTwoPackages(addr string) error {
	c, err := xmiddle.Connect(addr)
	if err != nil {
		return err
	}
	defer xmiddle.Finish(c)
	_, err = c.Write([]byte("x"))
	return err
}

// droppedOnError drops the conn of xmiddle.Connect on a write error.
func droppedOnError(addr string) error {
	c, err := xmiddle.Connect(addr) // want `net\.Conn c from xmiddle\.Connect is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return err
	}
	return c.Close()
}

// handlerCloses hands each conn to a goroutine that closes it: clean.
func handlerCloses(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go xupstream.Serve(c)
	}
}

// handlerLeaks hands each conn to xupstream.Echo, which returns on the
// peer's FIN without closing: the leak is reported here, at the Accept.
func handlerLeaks(ln net.Listener) error {
	for {
		c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed by Echo, which takes it, on its io\.EOF return`
		if err != nil {
			return err
		}
		go xupstream.Echo(c)
	}
}

// clientClosed closes the client that owns the conn: clean.
func clientClosed(addr string) error {
	cl, err := xupstream.NewClient(addr)
	if err != nil {
		return err
	}
	defer cl.Close()
	return cl.Ping()
}

// clientDropped never closes the client, so never its conn.
func clientDropped(addr string) error {
	cl, err := xupstream.NewClient(addr) // want `\*xupstream\.Client cl from xupstream\.NewClient is not closed on the return`
	if err != nil {
		return err
	}
	return cl.Ping()
}

// mustClosed gets the conn through the generic pass-through Must: clean.
func mustClosed(addr string) {
	c := xupstream.Must(net.Dial("tcp", addr))
	defer c.Close()
	c.Write([]byte("x"))
}

// mustLeaked gets the conn through Must and never closes it.
func mustLeaked(addr string) {
	c := xupstream.Must(net.Dial("tcp", addr)) // want `net\.Conn from net\.Dial is not closed on the return`
	c.Write([]byte("x"))
}

// failedAcrossPackages tests the dial error with xupstream.Failed, whose
// fact says its true result implies a non-nil error: clean.
func failedAcrossPackages(addr string) error {
	c, err := net.Dial("tcp", addr)
	if xupstream.Failed(err) {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte("x"))
	return err
}

// failedOtherError tests another error with xupstream.Failed: the conn
// leaks on that edge.
func failedOtherError(addr string, prev error) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if xupstream.Failed(prev) {
		return prev
	}
	return c.Close()
}

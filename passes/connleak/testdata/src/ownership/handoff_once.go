package ownership

// One leak, one report (issue 23): a conn handed to a goroutine whose
// function leaves it open, where that function shows it owns the conn
// (it closes it on another error path), is reported once, in that
// function, where the fix goes; the acquisition is named there.

import (
	"bufio"
	"net"
	"time"
)

// echoLine closes c when the deadline cannot be set, but not when the
// read fails.
func echoLine(c net.Conn) { // want `net\.Conn parameter c, from ln\.Accept at line \d+ by the goroutine started at line \d+, is not closed on the io\.EOF return`
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		c.Close()
		return
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return
	}
	c.Write([]byte(line))
	c.Close()
}

// serveEchoLine hands each conn to echoLine: the leak is echoLine's,
// reported there only.
func serveEchoLine(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go echoLine(c)
	}
}

// echoLineClosed closes c on every path: clean, and so is its caller.
func echoLineClosed(c net.Conn) {
	defer c.Close()
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		return
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return
	}
	c.Write([]byte(line))
}

func serveEchoLineClosed(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go echoLineClosed(c)
	}
}

// greetThenEcho leaks c itself when the greeting fails, before the
// hand-off: that leak stays reported at the acquisition, and the
// goroutine's is echoLine2's.
func greetThenEcho(ln net.Listener) error {
	c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return at line \d+ \(`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("hello\n")); err != nil {
		return err
	}
	go echoLine2(c)
	return nil
}

// echoLine2 is echoLine for greetThenEcho.
func echoLine2(c net.Conn) { // want `net\.Conn parameter c, from ln\.Accept at line \d+ by the goroutine started at line \d+, is not closed on the io\.EOF return`
	if err := c.SetDeadline(time.Now().Add(time.Second)); err != nil {
		c.Close()
		return
	}
	if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
		return
	}
	c.Close()
}

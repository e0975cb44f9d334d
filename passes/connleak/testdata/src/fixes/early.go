package fixes

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// Leaking early returns of a conn closed on some other path (issue 23):
// the fix closes it before each such return where that is safe.

// readReply returns on a failed read without closing c.
func readReply(addr string) (string, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return "", err
	}
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	if err != nil {
		return "", err
	}
	c.Close()
	return string(buf[:n]), nil
}

// greeted returns false on a wrong greeting without closing c.
func greeted(addr string) bool {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		c.Close()
		return false
	}
	if !strings.HasPrefix(line, "HELLO") {
		return false
	}
	c.Close()
	return true
}

// status leaks c on two returns: one fix, two insertions.
func status(addr string) (byte, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return 0, err
	}
	if _, err := c.Write([]byte{'?'}); err != nil {
		return 0, err
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(c, b); err != nil {
		return 0, err
	}
	return b[0], c.Close()
}

// verdict returns from a case of a switch.
func verdict(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(c, b); err != nil {
		c.Close()
		return err
	}
	switch b[0] {
	case 'E':
		return errors.New("refused")
	case 'W':
		time.Sleep(time.Millisecond)
	}
	return c.Close()
}

// waitReady returns from a select case when the context ends.
func waitReady(ctx context.Context, addr string, ready <-chan struct{}) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ready:
	}
	_, err = c.Write([]byte("go"))
	c.Close()
	return err
}

// ping falls off the end without closing c when the write succeeds.
func ping(addr string) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	if _, err := c.Write([]byte("ping")); err != nil {
		c.Close()
		return
	}
	c.Read(make([]byte, 4))
}

// Twins where no Close may be added before the leaking return.

// blame names the peer in its error, computed after the return's Close
// would run: no fix.
func blame(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(c, b); err != nil {
		c.Close()
		return err
	}
	if b[0] != 'Y' {
		return fmt.Errorf("refused by %v", c.RemoteAddr())
	}
	return c.Close()
}

// flushed defers the flush of a writer on c: it runs after a Close added
// before the return, and would fail, so no fix.
func flushed(addr string, bad bool) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	w := bufio.NewWriter(c)
	defer w.Flush()
	w.WriteString("hello")
	if bad {
		return errors.New("bad")
	}
	return c.Close()
}

// copied lets a goroutine read c before the leaking return: a Close
// there would cut it off, so no fix.
func copied(addr string, bad bool) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed by the goroutine started at line \d+, which takes it, on its return`
	if err != nil {
		return err
	}
	go func() { io.Copy(io.Discard, c) }()
	if bad {
		return errors.New("bad")
	}
	return c.Close()
}

// upgraded replaces c with a TLS client of it: the variable holds
// another value at the return, so no fix.
func upgraded(addr string, bad bool) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if bad {
		return errors.New("bad")
	}
	c = wrapConn(c)
	return c.Close()
}

func wrapConn(c net.Conn) net.Conn { return c }

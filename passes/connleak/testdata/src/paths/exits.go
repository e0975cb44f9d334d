package paths

import (
	"fmt"
	"log"
	"net"
	"os"
)

// exitOnWriteError ends the process with os.Exit before closing: not a leak: clean.
func exitOnWriteError(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		os.Exit(1)
	}
	if _, err := c.Write([]byte("x")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	c.Close()
}

// fatalOnReadError ends the process with log.Fatal on a read error: clean.
func fatalOnReadError(addr string) []byte {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := c.Read(buf)
	if err != nil {
		log.Fatalf("read: %v", err)
	}
	c.Close()
	return buf[:n]
}

// panicOnShortWrite unwinds with panic before the Close: clean.
func panicOnShortWrite(addr string, msg []byte) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	n, err := c.Write(msg)
	if err != nil || n != len(msg) {
		panic("short write")
	}
	c.Close()
}

// logAndReturn only logs (log.Print does not exit) and returns with c open.
func logAndReturn(addr string) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		log.Print(err)
		return
	}
	if _, err := c.Write([]byte("x")); err != nil {
		log.Print(err)
		return
	}
	c.Close()
}

// panicOrReturn panics on one branch (fine) but returns on the other without closing.
func panicOrReturn(addr string, strict bool) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		if strict {
			panic(err)
		}
		return err
	}
	return c.Close()
}

// mainLike is a main-style function: log.Fatalf on every failure and a deferred Close: clean.
func mainLike(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		log.Fatalf("dial: %v", err)
	}
	defer c.Close()
	if _, err := fmt.Fprintf(c, "hello\n"); err != nil {
		log.Fatalln(err)
	}
}

// Package main calls run as main's last act: whatever run leaves open
// on its returns, the process's exit closes (go-spiffe's examples). work,
// which main goes on after, is still reported.
package main

import (
	"errors"
	"fmt"
	"log"
	"net"
	"os"
)

func main() {
	if err := work("localhost:1"); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	if err := run("localhost:2"); err != nil {
		log.Fatal(err)
	}
}

// run returns with c open when the greeting fails, right before the
// process exits: clean.
func run(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	if _, err := c.Write([]byte("hello\n")); err != nil {
		return err
	}
	return c.Close()
}

// work leaves c open on the same return, and main goes on after it.
func work(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 43`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("hello\n")); err != nil {
		return errors.New("greeting failed")
	}
	return c.Close()
}

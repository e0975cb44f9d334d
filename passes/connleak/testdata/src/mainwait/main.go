// Package main calls run and then waits for a signal: what run left open
// stays open while main waits, so it is reported.
package main

import (
	"log"
	"net"
	"os"
	"os/signal"
)

func main() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt)
	if err := run("localhost:2"); err != nil {
		log.Print(err)
	}
	<-stop
}

func run(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 27`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("hello\n")); err != nil {
		return err
	}
	return c.Close()
}

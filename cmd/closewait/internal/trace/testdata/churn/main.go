// Command churn opens and closes loopback TCP connections as fast as it
// can, for the benchmark of closewait trace's overhead. It prints "ready",
// waits for a line on its standard input, churns for the duration given as
// its argument, and prints how many connections it made.
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"time"
)

func main() {
	d, err := time.ParseDuration(os.Args[1])
	if err != nil {
		fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	fmt.Println("ready")
	if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
		return
	}
	n := 0
	for end := time.Now().Add(d); time.Now().Before(end); n++ {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			fail(err)
		}
		c.Close()
	}
	fmt.Println(n)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

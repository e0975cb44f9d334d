// Command sockets opens loopback connections on request, for the tests
// and benchmarks of package gotrace. The lines that open them are marked
// SITE(name).
//
// It listens, prints "ready", then reads commands from its standard
// input, one a line, and answers each with "done":
//
//	hold N   dial N connections to its listener and accept them, keeping
//	         both ends open (2N sockets)
//
// It exits when its standard input closes. Holding more than a few
// thousand sockets needs a higher RLIMIT_NOFILE, which it raises (as root,
// the hard limit too).
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strings"
	"syscall"
)

var held []net.Conn

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	fmt.Println("ready")
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		var n int
		if _, err := fmt.Sscanf(strings.TrimSpace(in.Text()), "hold %d", &n); err != nil {
			fail(fmt.Errorf("bad command %q", in.Text()))
		}
		raiseFDLimit(len(held) + 2*n)
		for i := 0; i < n; i++ { // (not range over an int: built with old Go releases too)
			c, err := net.Dial("tcp", ln.Addr().String()) // SITE(dial)
			if err != nil {
				fail(err)
			}
			s, err := ln.Accept() // SITE(accept)
			if err != nil {
				fail(err)
			}
			held = append(held, c, s)
		}
		fmt.Println("done")
	}
}

// raiseFDLimit makes room for n descriptors and a margin.
func raiseFDLimit(n int) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		fail(err)
	}
	want := uint64(n) + 256
	if r.Cur >= want {
		return
	}
	r.Cur, r.Max = want, max(r.Max, want)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		fail(fmt.Errorf("cannot raise the fd limit to %d: %v", want, err))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

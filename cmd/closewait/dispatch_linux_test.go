package main

import (
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSocketsBinary runs the built closewait binary's sockets command on
// a CLOSE_WAIT socket of the test process.
func TestSocketsBinary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := net.Dialer{KeepAlive: -1}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c.Close()
	time.Sleep(20 * time.Millisecond) // let the FIN arrive: s is in CLOSE_WAIT

	self := strconv.Itoa(os.Getpid())
	stdout, stderr, code := runBin(t, t.TempDir(), "sockets", "-pid", self, "-json")
	if code != 0 {
		t.Fatalf("closewait sockets: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, `"local":"`+s.LocalAddr().String()+`"`) || !strings.Contains(stdout, `"CLOSE_WAIT":1`) {
		t.Errorf("output lacks the leaked socket %s:\n%s", s.LocalAddr(), stdout)
	}
	if _, stderr, code := runBin(t, t.TempDir(), "sockets", "-pid", self, "-max", "0"); code != 1 {
		t.Errorf("-max 0 with a leak: exit %d, want 1: %s", code, stderr)
	}
}

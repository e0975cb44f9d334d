package sockets

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// shortConns opens n short connections to a loopback server, each
// closed by the client first, as a client without keep-alives does: they
// leave n TIME_WAIT sockets on the client side. It returns the server's
// address.
func shortConns(t *testing.T, n int) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	done := make(chan struct{}, n)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.SetReadDeadline(time.Now().Add(5 * time.Second))
				io.Copy(io.Discard, c) // to the client's FIN
				done <- struct{}{}
			}()
		}
	}()
	for range n {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		c.Write([]byte("ping"))
		c.Close() // the client closes first: its socket ends in TIME_WAIT
	}
	for range n {
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("the server did not see every client's FIN")
		}
	}
	return ln.Addr().String()
}

// TestSocketsTimeWait checks that -state time-wait groups the TIME_WAIT
// sockets of a loop of short connections under their one remote endpoint,
// outbound, with the rate and the port share they imply.
func TestSocketsTimeWait(t *testing.T) {
	const n = 40
	addr := shortConns(t, n)
	var group *timeWaitGroup
	var report struct {
		TimeWait *timeWaitReport `json:"time_wait"`
	}
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-state", "time-wait", "-json"}, &stdout, &stderr, nil); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
		if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
			t.Fatalf("bad JSON: %v", err)
		}
		if report.TimeWait == nil {
			t.Fatal("no time_wait object in the JSON")
		}
		group = nil
		for i, g := range report.TimeWait.Groups {
			if g.Remote == addr {
				group = &report.TimeWait.Groups[i]
			}
		}
		if group != nil && group.Count >= n || time.Now().After(deadline) {
			break
		}
	}
	if group == nil {
		t.Fatalf("no TIME_WAIT group for %s", addr)
	}
	if group.Count != n || group.Direction != "outbound" || group.Local != "127.0.0.1:*" {
		t.Errorf("group %+v, want %d outbound sockets from 127.0.0.1:*", *group, n)
	}
	if want := float64(n) / 60; group.RatePerSecond != want {
		t.Errorf("rate %v/s, want %v (count / 60 s)", group.RatePerSecond, want)
	}
	if tw := report.TimeWait; tw.EphemeralPorts > 0 && group.PortShare != float64(n)/float64(tw.EphemeralPorts) {
		t.Errorf("port share %v, want %d/%d", group.PortShare, n, tw.EphemeralPorts)
	}
	if !strings.Contains(report.TimeWait.Note, "no owner process") {
		t.Errorf("note %q does not say that TIME_WAIT sockets have no owner", report.TimeWait.Note)
	}

	var stdout, stderr bytes.Buffer
	if code := run([]string{"-state", "time-wait", "-top", "1000"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{"TIME_WAIT sockets by remote endpoint:", "outbound  127.0.0.1:*", addr, "have no owner process", "closewait -connreuse"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q", want)
		}
	}
}

// TestSocketsTimeWaitOff checks that the TIME_WAIT view is absent unless
// TIME_WAIT is asked for.
func TestSocketsTimeWaitOff(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-state", "close-wait", "-json"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if bytes.Contains(stdout.Bytes(), []byte(`"time_wait"`)) {
		t.Error("time_wait in the JSON of -state close-wait")
	}
}

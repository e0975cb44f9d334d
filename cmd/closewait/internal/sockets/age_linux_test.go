package sockets

import (
	"bytes"
	"encoding/json"
	"net"
	"testing"
	"time"
)

// TestSocketsAgeKeepalive checks that the age of a CLOSE_WAIT socket
// grows while keepalive probes go back and forth: a client with
// keepalives every second holds a connection the server closed, for about
// 6 s, and the report's OLDEST (oldest_ms) must be at least 5 s, although
// the peer's last ACK (age_ms) is at most a couple of seconds old.
func TestSocketsAgeKeepalive(t *testing.T) {
	if testing.Short() {
		t.Skip("holds a socket for 6 s")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := net.Dialer{KeepAliveConfig: net.KeepAliveConfig{Enable: true, Idle: time.Second, Interval: time.Second, Count: 30}}
	c, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("x"))
	s.Close() // the client's socket is now in CLOSE_WAIT, its data unread
	time.Sleep(6500 * time.Millisecond)

	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg(), "-json"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var r struct {
		Sockets []struct {
			State    string `json:"state"`
			Local    string `json:"local"`
			AgeMS    *int64 `json:"age_ms"`
			AgeMaxMS *int64 `json:"age_max_ms"`
		} `json:"sockets"`
		Groups []struct {
			State    string `json:"state"`
			OldestMS *int64 `json:"oldest_ms"`
		} `json:"groups"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout.String())
	}
	found := false
	for _, s := range r.Sockets {
		if s.State != "CLOSE_WAIT" || s.Local != c.LocalAddr().String() {
			continue
		}
		found = true
		if s.AgeMS == nil || *s.AgeMS > 3000 {
			t.Errorf("age_ms %v, want at most 3000: keepalive probes should have refreshed the peer's last ACK", s.AgeMS)
		}
		if s.AgeMaxMS == nil || *s.AgeMaxMS < 5000 {
			t.Errorf("age_max_ms %v, want at least 5000", s.AgeMaxMS)
		}
	}
	if !found {
		t.Fatalf("no CLOSE_WAIT socket at %s in\n%s", c.LocalAddr(), stdout.String())
	}
	for _, g := range r.Groups {
		if g.State == "CLOSE_WAIT" && (g.OldestMS == nil || *g.OldestMS < 5000) {
			t.Errorf("group oldest_ms %s, want at least 5000 (keepalive probes must not reset it)", stdout.String())
		}
	}
}

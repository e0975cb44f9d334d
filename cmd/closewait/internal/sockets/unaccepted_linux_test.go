package sockets

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSocketsUnaccepted makes connections to a listener of the test
// process that never accepts them, and closes their clients: they wait in
// CLOSE_WAIT in the listener's accept queue, with no fd of their own. They
// count against the listening process (-pid and -max included) and the
// report says what they are.
func TestSocketsUnaccepted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	for range 3 {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	lnFD := -1
	rc, _ := ln.(*net.TCPListener).SyscallConn()
	rc.Control(func(fd uintptr) { lnFD = int(fd) })

	var r struct {
		Sockets []struct {
			State      string `json:"state"`
			Local      string `json:"local"`
			PID        int    `json:"pid"`
			FD         int    `json:"fd"`
			Direction  string `json:"direction"`
			Unaccepted bool   `json:"unaccepted"`
		} `json:"sockets"`
	}
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-pid", pidArg(), "-json"}, &stdout, &stderr, nil); code != 0 {
			t.Fatalf("exit %d: %s", code, &stderr)
		}
		if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
			t.Fatalf("bad JSON: %v", err)
		}
		if len(r.Sockets) >= 3 || time.Now().After(end) {
			break
		}
	}
	if len(r.Sockets) != 3 {
		t.Fatalf("-pid: %d sockets, want the 3 unaccepted connections in CLOSE_WAIT: %+v", len(r.Sockets), r.Sockets)
	}
	for _, s := range r.Sockets {
		if s.State != "CLOSE_WAIT" || s.Local != ln.Addr().String() || s.PID != os.Getpid() || s.FD != lnFD || s.Direction != "inbound" || !s.Unaccepted {
			t.Errorf("socket %+v; want CLOSE_WAIT on the listener's endpoint, its pid and fd %d, inbound, unaccepted", s, lnFD)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg(), "-max", "2"}, &stdout, &stderr, nil); code != 1 {
		t.Errorf("-max 2 with 3 unaccepted sockets: exit %d, want 1", code)
	}
	stdout.Reset()
	if code := run(nil, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	squeezed := strings.Join(strings.Fields(stdout.String()), "")
	if !strings.Contains(stdout.String(), "unaccepted: connections waiting in the accept queue") ||
		!strings.Contains(squeezed, "CLOSE_WAIT"+pidArg()) || !strings.Contains(squeezed, ln.Addr().String()+"unaccepted3") {
		t.Errorf("the full view does not show the unaccepted sockets under pid %s:\n%s", strconv.Itoa(os.Getpid()), &stdout)
	}
}

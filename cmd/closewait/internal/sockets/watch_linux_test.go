package sockets

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// orphan makes one orphaned TCP fd in the test process: an accepted conn
// whose peer resets it (SO_LINGER 0), kept open.
func (l *leaker) orphan() {
	d := net.Dialer{KeepAlive: -1}
	c, err := d.Dial("tcp", l.ln.Addr().String())
	if err != nil {
		l.t.Fatal(err)
	}
	s, err := l.ln.Accept()
	if err != nil {
		l.t.Fatal(err)
	}
	c.(*net.TCPConn).SetLinger(0)
	c.Close()
	time.Sleep(20 * time.Millisecond) // let the RST arrive
	l.mu.Lock()
	l.conns = append(l.conns, s)
	l.mu.Unlock()
}

// TestSocketsWatchCounts checks the per-process counts of a watch: the
// JSON summary keeps CLOSE_WAIT sockets and orphaned fds apart, and a
// watch counts CLOSE_WAIT sockets whatever -state lists.
func TestSocketsWatchCounts(t *testing.T) {
	l := newLeaker(t)
	for range 3 {
		l.leak(false)
	}
	l.orphan()
	for _, state := range []string{"close-wait", "established"} {
		var stdout, stderr bytes.Buffer
		args := []string{"-pid", pidArg(), "-watch", "100ms", "-count", "2", "-json", "-state", state}
		if code := run(args, &stdout, &stderr, nil); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		var sum struct {
			Processes []struct {
				PID       int `json:"pid"`
				CloseWait int `json:"close_wait"`
				Orphaned  int `json:"orphaned"`
			} `json:"processes"`
		}
		if err := json.Unmarshal([]byte(lines[len(lines)-1]), &sum); err != nil {
			t.Fatalf("%v: summary: %v\n%s", args, err, stdout.String())
		}
		if len(sum.Processes) != 1 || sum.Processes[0].PID != os.Getpid() || sum.Processes[0].CloseWait != 3 || sum.Processes[0].Orphaned != 1 {
			t.Errorf("-state %s: summary processes %+v, want pid %d with 3 CLOSE_WAIT and 1 orphaned", state, sum.Processes, os.Getpid())
		}

		stdout.Reset()
		args = []string{"-pid", pidArg(), "-watch", "100ms", "-count", "1", "-state", state}
		if code := run(args, &stdout, &stderr, nil); code != 0 || !strings.Contains(stdout.String(), "(3 CLOSE_WAIT, 1 orphaned)") {
			t.Errorf("%v: exit %d, want the process with (3 CLOSE_WAIT, 1 orphaned):\n%s", args, code, stdout.String())
		}
	}
}

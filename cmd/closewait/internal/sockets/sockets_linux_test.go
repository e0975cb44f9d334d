package sockets

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// leaker creates CLOSE_WAIT sockets in the test process on loopback and
// closes them at test cleanup.
type leaker struct {
	t     *testing.T
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newLeaker(t *testing.T) *leaker {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	l := &leaker{t: t, ln: ln}
	t.Cleanup(func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		for _, c := range l.conns {
			c.Close()
		}
		ln.Close()
	})
	return l
}

// leak makes one inbound CLOSE_WAIT socket; with readEOF the server side
// reads io.EOF first.
func (l *leaker) leak(readEOF bool) net.Conn {
	d := net.Dialer{KeepAlive: -1}
	c, err := d.Dial("tcp", l.ln.Addr().String())
	if err != nil {
		l.t.Error(err)
		return nil
	}
	s, err := l.ln.Accept()
	if err != nil {
		c.Close()
		l.t.Error(err)
		return nil
	}
	c.Close()
	if readEOF {
		s.SetReadDeadline(time.Now().Add(5 * time.Second))
		io.Copy(io.Discard, s)
	} else {
		time.Sleep(20 * time.Millisecond) // let the FIN arrive
	}
	l.mu.Lock()
	l.conns = append(l.conns, s)
	l.mu.Unlock()
	return s
}

func pidArg() string { return strconv.Itoa(os.Getpid()) }

// TestSocketsJSON checks the -json report of the test process's leaks.
func TestSocketsJSON(t *testing.T) {
	l := newLeaker(t)
	for i := 0; i < 3; i++ {
		l.leak(false)
	}
	l.leak(true)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg(), "-json"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var r struct {
		States  map[string]int `json:"states"`
		Sockets []struct {
			State, Local, Remote, Direction, Command string
			PID                                      int    `json:"pid"`
			FD                                       int    `json:"fd"`
			Inode                                    uint64 `json:"inode"`
			AgeMS                                    *int64 `json:"age_ms"`
			RecvQ                                    int    `json:"recv_q"`
		} `json:"sockets"`
		Orphaned  []any `json:"orphaned"`
		Processes []struct {
			PID       int `json:"pid"`
			CloseWait int `json:"close_wait"`
			OpenFDs   int `json:"open_fds"`
		} `json:"processes"`
		Context struct {
			EphemeralPorts int    `json:"ephemeral_ports"`
			Note           string `json:"note"`
		} `json:"context"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout.String())
	}
	if r.States["CLOSE_WAIT"] != 4 || r.States["LISTEN"] != 1 || len(r.Sockets) != 4 {
		t.Errorf("states %v, %d sockets; want 4 CLOSE_WAIT, 1 LISTEN", r.States, len(r.Sockets))
	}
	unread := 0
	for _, s := range r.Sockets {
		if s.State != "CLOSE_WAIT" || s.PID != os.Getpid() || s.FD < 3 || s.Inode == 0 || s.Direction != "inbound" ||
			s.AgeMS == nil || s.Remote == "" || !strings.HasPrefix(s.Local, "127.0.0.1:") {
			t.Errorf("socket %+v", s)
		}
		unread += s.RecvQ
	}
	if unread != 3 {
		t.Errorf("total recv_q %d, want 3 (three sockets with the EOF unread)", unread)
	}
	if r.Orphaned == nil || len(r.Orphaned) != 0 {
		t.Errorf("orphaned = %v, want []", r.Orphaned)
	}
	if len(r.Processes) != 1 || r.Processes[0].CloseWait != 4 || r.Processes[0].OpenFDs < 5 {
		t.Errorf("processes %+v", r.Processes)
	}
	if r.Context.EphemeralPorts == 0 || !strings.Contains(r.Context.Note, "Close") {
		t.Errorf("context %+v", r.Context)
	}
}

// TestSocketsText checks the default report and the -max exit status.
func TestSocketsText(t *testing.T) {
	l := newLeaker(t)
	l.leak(false)
	l.leak(false)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg(), "-max", "2"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("-max 2 with 2 sockets: exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"TCP sockets by state (owned by pid " + pidArg(),
		"CLOSE_WAIT  2",
		"CLOSE_WAIT sockets by process and local endpoint: 2",
		l.ln.Addr().String() + "  inbound  2      2 ",
		"127.0.0.1 (2)",
		"No sysctl ends CLOSE_WAIT: only the program's Close does",
		"ip_local_port_range",
		"tcp_fin_timeout", "tcp_tw_reuse", "tcp_keepalive_time",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	stdout.Reset()
	stderr.Reset()
	if code := run([]string{"-pid", pidArg(), "-max", "1"}, &stdout, &stderr, nil); code != 1 {
		t.Errorf("-max 1 with 2 sockets: exit %d, want 1", code)
	}
	if !strings.Contains(stderr.String(), "more than -max 1") {
		t.Errorf("stderr %q", stderr.String())
	}
	// -state chooses what is listed.
	stdout.Reset()
	if code := run([]string{"-pid", pidArg(), "-state", "listen"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("-state listen: exit %d", code)
	}
	if !strings.Contains(stdout.String(), "LISTEN sockets by process and local endpoint: 1") {
		t.Errorf("-state listen output:\n%s", stdout.String())
	}
}

// TestSocketsWatch leaks a socket every 100ms while watching, expecting a
// growing verdict and exit 1 with -fail-on-growth; then watches a stable
// count.
func TestSocketsWatch(t *testing.T) {
	l := newLeaker(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; i < 8; i++ {
			l.leak(false)
			time.Sleep(80 * time.Millisecond)
		}
	}()
	var stdout, stderr bytes.Buffer
	code := run([]string{"-pid", pidArg(), "-watch", "200ms", "-count", "4", "-fail-on-growth"}, &stdout, &stderr, nil)
	<-done
	if code != 1 || !strings.Contains(stdout.String(), "verdict after 4 samples: growing") {
		t.Errorf("growing leak: exit %d, want 1; output:\n%s%s", code, stdout.String(), stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	code = run([]string{"-pid", pidArg(), "-watch", "100ms", "-count", "3", "-fail-on-growth", "-json"}, &stdout, &stderr, nil)
	if code != 0 {
		t.Errorf("stable count: exit %d, want 0: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var last struct {
		Samples int    `json:"samples"`
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || last.Samples != 3 || last.Verdict != "stable" {
		t.Errorf("summary %q: %+v %v", lines[len(lines)-1], last, err)
	}
}

// TestSocketsListenPort checks that a LISTEN row shows its port: a
// listener is neither inbound nor outbound, and was grouped as if
// outbound, by address only.
func TestSocketsListenPort(t *testing.T) {
	l := newLeaker(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg(), "-state", "listen"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "  "+l.ln.Addr().String()+"  ") {
		t.Errorf("no LISTEN row with %s:\n%s", l.ln.Addr(), stdout.String())
	}
}

// TestSocketsDataWithFIN leaks a server connection whose client sent its
// request and closed at once: the server read the request, whose FIN had
// arrived with it, and never read again. Recv-Q is 0 although the code
// never saw io.EOF; the report must not say that those sockets read EOF.
func TestSocketsDataWithFIN(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	io.WriteString(c, "request")
	c.Close()
	time.Sleep(50 * time.Millisecond) // the data and the FIN arrive
	if n, err := s.Read(make([]byte, 64)); n != len("request") || err != nil {
		t.Fatalf("read %d bytes, %v", n, err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg()}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	out := stdout.String()
	if !regexp.MustCompile(`CLOSE_WAIT .* inbound +1 +0 `).MatchString(out) {
		t.Fatalf("want the socket counted with its EOF read (Recv-Q 0):\n%s", out)
	}
	if strings.Contains(out, "read EOF") || !strings.Contains(out, "not necessarily io.EOF") {
		t.Errorf("the report claims that the program read EOF:\n%s", out)
	}
}

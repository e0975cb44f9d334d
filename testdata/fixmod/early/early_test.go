package early

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain turns the garbage collector off: a leaked conn that becomes
// unreachable is closed by its finalizer at some later time, which would
// hide a leak from these tests.
func TestMain(m *testing.M) {
	debug.SetGCPercent(-1)
	os.Exit(m.Run())
}

// serveOne accepts one conn on a fresh listener, writes reply to it
// (closing it after if hangUp), and returns the address and a function
// that reports whether the client closed its side within a second, with
// what it had sent.
func serveOne(t *testing.T, reply string, hangUp bool) (string, func() (bool, string)) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	conns := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(conns)
			return
		}
		if reply != "" {
			c.Write([]byte(reply))
		}
		if hangUp {
			c.(*net.TCPConn).CloseWrite()
		}
		conns <- c
	}()
	return ln.Addr().String(), func() (bool, string) {
		c, ok := <-conns
		if !ok {
			return false, ""
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(time.Second))
		got, err := io.ReadAll(c)
		return err == nil, string(got) // ReadAll's nil error is the client's FIN
	}
}

func wantClosed(t *testing.T, closed func() (bool, string)) {
	t.Helper()
	if ok, _ := closed(); !ok {
		t.Error("the conn was left open")
	}
}

func TestReadReply(t *testing.T) {
	addr, closed := serveOne(t, "", true)
	if _, err := ReadReply(addr); !errors.Is(err, io.EOF) {
		t.Errorf("ReadReply: %v, want io.EOF", err)
	}
	wantClosed(t, closed)
}

func TestGreeted(t *testing.T) {
	addr, closed := serveOne(t, "NOPE\n", false)
	if Greeted(addr) {
		t.Error("Greeted: true, want false")
	}
	wantClosed(t, closed)
}

func TestStatus(t *testing.T) {
	addr, closed := serveOne(t, "", true)
	if _, err := Status(addr); !errors.Is(err, io.EOF) {
		t.Errorf("Status: %v, want io.EOF", err)
	}
	wantClosed(t, closed)
}

func TestVerdict(t *testing.T) {
	addr, closed := serveOne(t, "E", false)
	if err := Verdict(addr); err != ErrRefused {
		t.Errorf("Verdict: %v, want ErrRefused", err)
	}
	wantClosed(t, closed)
}

func TestWaitReady(t *testing.T) {
	addr, closed := serveOne(t, "", false)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := WaitReady(ctx, addr, make(chan struct{})); err != context.Canceled {
		t.Errorf("WaitReady: %v, want context.Canceled", err)
	}
	wantClosed(t, closed)
}

func TestPing(t *testing.T) {
	addr, closed := serveOne(t, "pong", false)
	Ping(addr)
	ok, got := closed()
	if !ok {
		t.Error("the conn was left open")
	}
	if got != "ping" {
		t.Errorf("the peer got %q, want ping", got)
	}
}

// bodies is a client whose responses record whether their body was
// closed.
type bodies struct {
	mu     sync.Mutex
	closed []*bool
}

type recordingBody struct {
	io.ReadCloser
	closed *bool
}

func (b recordingBody) Close() error {
	*b.closed = true
	return b.ReadCloser.Close()
}

func (b *bodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	closed := new(bool)
	b.closed = append(b.closed, closed)
	resp.Body = recordingBody{resp.Body, closed}
	return resp, nil
}

func (b *bodies) allClosed(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.closed) == 0 {
		t.Fatal("no response")
	}
	for i, c := range b.closed {
		if !*c {
			t.Errorf("the body of response %d was left open", i)
		}
	}
}

func client(b *bodies) *http.Client {
	return &http.Client{
		Transport:     b,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func server(t *testing.T, h http.HandlerFunc) string {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL
}

func TestFetchJSON(t *testing.T) {
	u := server(t, func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 503) })
	b := new(bodies)
	var v map[string]any
	if err := FetchJSON(client(b), u, &v); err == nil || !strings.Contains(err.Error(), "503") {
		t.Errorf("FetchJSON: %v, want a 503 error", err)
	}
	b.allClosed(t)
}

func TestFetchRecord(t *testing.T) {
	u := server(t, func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("not json")) })
	b := new(bodies)
	if _, err := FetchRecord(client(b), u); err == nil {
		t.Error("FetchRecord: no error for a body that is not JSON")
	}
	b.allClosed(t)
}

func TestRedirected(t *testing.T) {
	u := server(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	b := new(bodies)
	h, err := Redirected(client(b), u)
	if err != nil || h.Get("Location") != "/elsewhere" {
		t.Errorf("Redirected: %v, %v; want the Location /elsewhere", h, err)
	}
	b.allClosed(t)
}

// freeAddr returns an address on which network is free to listen now.
func freeAddr(t *testing.T, network string) string {
	t.Helper()
	if network == "udp" {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close()
		return pc.LocalAddr().String()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func TestServeGreeting(t *testing.T) {
	addr := freeAddr(t, "tcp")
	if err := ServeGreeting(addr, ""); err != ErrNoGreeting {
		t.Errorf("ServeGreeting: %v, want ErrNoGreeting", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatalf("the listener was left open: %v", err)
	}
	ln.Close()
}

func TestAnnounce(t *testing.T) {
	local := freeAddr(t, "udp")
	if err := Announce(local, "127.0.0.1:9", strings.Repeat("x", 600)); err != ErrTooLong {
		t.Errorf("Announce: %v, want ErrTooLong", err)
	}
	pc, err := net.ListenPacket("udp", local)
	if err != nil {
		t.Fatalf("the socket was left open: %v", err)
	}
	pc.Close()
}

func TestHandleOne(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	done := make(chan error, 1)
	go func() { done <- HandleOne(ln) }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.Write([]byte("bogus\n"))
	if err := <-done; err != ErrUnknown {
		t.Errorf("HandleOne: %v, want ErrUnknown", err)
	}
	c.SetReadDeadline(time.Now().Add(time.Second))
	if _, err := io.ReadAll(c); err != nil {
		t.Errorf("the server's conn was left open: %v", err)
	}
}

// The twins that get no fix behave the same after -fix: these pass
// before and after.

func TestFlushed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err.Error()
			return
		}
		defer c.Close()
		c.SetReadDeadline(time.Now().Add(time.Second))
		b := make([]byte, 5)
		n, _ := io.ReadFull(c, b)
		got <- string(b[:n])
	}()
	if err := Flushed(ln.Addr().String(), true); err == nil {
		t.Error("Flushed: no error")
	}
	if s := <-got; s != "hello" {
		t.Errorf("the peer got %q, want hello: the deferred flush failed", s)
	}
}

func TestBlame(t *testing.T) {
	addr, _ := serveOne(t, "N", false)
	if err := Blame(addr); err == nil || !strings.Contains(err.Error(), addr) {
		t.Errorf("Blame: %v, want an error naming %s", err, addr)
	}
}

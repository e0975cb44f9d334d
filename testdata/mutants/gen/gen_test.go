package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// src is a package whose functions are marked with the candidate each
// close must give: // want CLASS SOURCE [stub], or // reject.
const src = `package p

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"

	"example.com/p/util"
)

type dialer interface {
	DialContext(ctx context.Context, network, addr string) (net.Conn, error)
}

type client struct {
	d    dialer
	dial func(string) (net.Conn, error)
	conn net.Conn
	hc   *http.Client
}

func (c *client) open(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

func get(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // want defer table
	if resp.StatusCode != 200 {
		return errors.New(resp.Status)
	}
	_, err = io.ReadAll(resp.Body)
	return err
}

func drained(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	defer func() { _ = resp.Body.Close() }() // reject: drained before every exit
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 {
		resp.Body.Close() // reject: drained before
		return nil, errors.New(resp.Status)
	}
	return body, nil
}

func (c *client) hello(addr string) (net.Conn, error) {
	conn, err := c.open(addr)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Write([]byte("hi")); err != nil {
		conn.Close() // want errbranch helper
		return nil, err
	}
	return conn, nil
}

func (c *client) viaIface(ctx context.Context) error {
	conn, err := c.d.DialContext(ctx, "tcp", "x")
	if err != nil {
		return err
	}
	br := bufio.NewReader(conn)
	if _, err := br.ReadByte(); err != nil {
		conn.Close() // want errbranch interface
		return err
	}
	c.conn = conn
	return nil
}

func (c *client) viaFunc() {
	conn, err := c.dial("x")
	if err != nil {
		return
	}
	conn.Close() // want return funcvalue stub
}

func serve(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		if conn.RemoteAddr() == nil {
			conn.Close() // want return table
			continue
		}
		go handle(conn)
	}
}

func handle(c net.Conn) { c.Close() }

func stored(c *client) error {
	conn, err := net.Dial("tcp", "x")
	if err != nil {
		return err
	}
	c.conn = conn
	if _, err := conn.Write(nil); err != nil {
		conn.Close() // reject: stored in a field before
		return err
	}
	return nil
}

func failureEdge(c *client, req *http.Request) error {
	resp, err := c.hc.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close() // reject: not the list before a return
		}
		return err
	}
	defer resp.Body.Close() // want defer table
	return nil
}

func goroutine() error {
	conn, err := net.Dial("tcp", "x")
	if err != nil {
		return err
	}
	go io.Copy(io.Discard, conn)
	if err := ping(); err != nil {
		conn.Close() // want errbranch table
		return err
	}
	return errors.New("x")
}

func captured() error {
	conn, err := net.Dial("tcp", "x")
	if err != nil {
		return err
	}
	go func() { conn.Write(nil) }()
	if err := ping(); err != nil {
		conn.Close() // reject: captured before
		return err
	}
	return nil
}

func twoCloses() error {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return err
	}
	defer ln.Close() // reject: another close
	if err := ping(); err != nil {
		ln.Close() // reject: deferred close before
		return err
	}
	return nil
}

func ping() error { return nil }

// Response embeds *http.Response, as API clients' responses do.
type Response struct{ *http.Response }

func (c *client) raw(req *http.Request) (*Response, error) {
	resp, err := c.hc.Do(req)
	return &Response{resp}, err
}

func (c *client) guarded(req *http.Request) error {
	resp, err := c.raw(req)
	if resp != nil {
		defer resp.Body.Close() // want defer helper
	}
	if err != nil {
		return err
	}
	return util.Check(resp.Response)
}

func (c *client) closure(req *http.Request) error {
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer func() { _ = resp.Body.Close() }() // want defer table
	return util.Check(resp)
}

func (c *client) keeps(req *http.Request) error {
	resp, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close() // reject: util.Keep may close it
	return util.Keep(resp)
}

var canListen bool

func probe() {
	if ln, err := net.Listen("tcp", ":0"); err == nil {
		ln.Close() // want return table stub
		canListen = true
	}
}

type logger interface{ Fatalf(string, ...any) }

func fatal(l logger) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return
	}
	if err := ping(); err != nil {
		l.Fatalf("%v", err)
		ln.Close() // reject: the process ends first
		return
	}
	go serve(ln)
}

func twoDials(secure bool, cfg *tls.Config) error {
	var conn net.Conn
	var err error
	if secure {
		conn, err = tls.Dial("tcp", "x", cfg)
	} else {
		conn, err = net.Dial("tcp", "x")
	}
	if err != nil {
		return err
	}
	if _, err = conn.Write(nil); err != nil {
		conn.Close() // want errbranch table
		return err
	}
	return ping()
}

func labelled(ln net.Listener) {
loop:
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		select {
		case <-context.Background().Done():
			conn.Close() // want return table
			break loop
		default:
		}
		go handle(conn)
	}
	ping()
}

func wrapped(cfg *tls.Config) (net.Conn, error) {
	conn, err := net.Dial("tcp", "x")
	if err != nil {
		return nil, err
	}
	tc := tls.Client(conn, cfg)
	if err := tc.Handshake(); err != nil {
		conn.Close() // want errbranch table
		return nil, err
	}
	conn = tc
	return conn, nil
}

func wrappedEscapes(c *client, cfg *tls.Config) error {
	conn, err := net.Dial("tcp", "x")
	if err != nil {
		return err
	}
	tc := tls.Client(conn, cfg)
	c.conn = tc
	if err := tc.Handshake(); err != nil {
		conn.Close() // reject: the wrapper is stored
		return err
	}
	return nil
}

func fallsOut(addrs []string) error {
	for _, a := range addrs {
		conn, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		if a == "" {
			conn.Close() // want return table
			break
		}
		if _, err := conn.Write(nil); err != nil {
			conn.Close() // want errbranch table
		} else {
			return nil
		}
	}
	return errors.New("none")
}
`

// utilSrc is a second package: a callee there is read too.
const utilSrc = `package util

import "net/http"

var kept []*http.Response

// Check reads the status only.
func Check(r *http.Response) error {
	if r.StatusCode != 200 {
		return nil
	}
	return nil
}

// Keep keeps the response.
func Keep(r *http.Response) error {
	kept = append(kept, r)
	return nil
}
`

func TestFindCandidates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/p\n\ngo 1.26\n")
	write("p.go", src)
	if err := os.Mkdir(filepath.Join(dir, "util"), 0o777); err != nil {
		t.Fatal(err)
	}
	write("util/util.go", utilSrc)
	l, all, err := newLoader(dir, []string{".", "net", "net/http"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := newKinds(l.imp)
	if err != nil {
		t.Fatal(err)
	}
	_ = all
	c := newWorld(l, k).classifier("example.com/p")
	if c == nil {
		t.Fatal("example.com/p does not load")
	}
	cands := findCandidates(c, k)
	got := make(map[int]string)
	for _, c := range cands {
		s := "reject"
		if c.Reject == "" {
			s = "want " + c.Class + " " + c.Source
			if c.Stub != "" {
				s += " stub"
			}
			if c.Why == "" {
				t.Errorf("line %d: no why", c.Removed)
			}
		}
		got[c.Removed] = s
	}
	for i, l := range strings.Split(src, "\n") {
		_, comment, ok := strings.Cut(l, "// ")
		if !ok || !strings.Contains(l, "Close()") {
			continue
		}
		want, _, _ := strings.Cut(comment, ":")
		if g, ok := got[i+1]; !ok && want != "reject" {
			t.Errorf("line %d: no candidate, want %s", i+1, want)
		} else if ok && g != want {
			t.Errorf("line %d: got %s, want %s", i+1, g, want)
		}
	}
	for line, g := range got {
		if !strings.Contains(strings.Split(src, "\n")[line-1], "// ") {
			t.Errorf("line %d: unexpected candidate %s", line, g)
		}
	}
	for _, c := range cands {
		t.Logf("%d %s %s %s %q %q", c.Removed, c.Class, c.Source, c.Func, c.Why, c.Reject)
	}
}

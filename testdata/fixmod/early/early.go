// Package early holds leaking early returns of resources closed on some
// other path, one shape per function, for closewait -fix: each gets a
// Close before the return that leaks it, and its test in early_test.go
// fails while the leak is there. The functions at the end must get no
// fix.
package early

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// ReadReply returns the peer's first message; on a failed read (the
// peer's FIN) it returns without closing c.
func ReadReply(addr string) (string, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return "", err
	}
	buf := make([]byte, 16)
	n, err := c.Read(buf)
	if err != nil {
		return "", err
	}
	c.Close()
	return string(buf[:n]), nil
}

// Greeted reports whether the peer greets with HELLO; on another
// greeting it returns without closing c.
func Greeted(addr string) bool {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return false
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		c.Close()
		return false
	}
	if !strings.HasPrefix(line, "HELLO") {
		return false
	}
	c.Close()
	return true
}

// Status sends a request byte and reads a one-byte status; two returns leak c.
func Status(addr string) (byte, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return 0, err
	}
	if _, err := c.Write([]byte{'S'}); err != nil {
		return 0, err
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(c, b); err != nil {
		return 0, err
	}
	return b[0], c.Close()
}

// ErrRefused is the verdict E.
var ErrRefused = errors.New("refused")

// Verdict reads a verdict byte; the E case returns without closing c.
func Verdict(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(c, b); err != nil {
		c.Close()
		return err
	}
	switch b[0] {
	case 'E':
		return ErrRefused
	case 'W':
		time.Sleep(time.Millisecond)
	}
	return c.Close()
}

// WaitReady writes "go" once ready; when ctx ends first it returns
// without closing c.
func WaitReady(ctx context.Context, addr string, ready <-chan struct{}) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-ready:
	}
	_, err = c.Write([]byte("go"))
	c.Close()
	return err
}

// Ping writes ping and reads the reply; when the write succeeds it falls
// off the end without closing c.
func Ping(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	if _, err := c.Write([]byte("ping")); err != nil {
		c.Close()
		return
	}
	c.Read(make([]byte, 4))
}

// FetchJSON decodes the JSON body of u; on a bad status it returns
// before its deferred Close.
func FetchJSON(cl *http.Client, u string, v any) error {
	resp, err := cl.Get(u)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// A Record is what FetchRecord decodes.
type Record struct{ Name string }

// FetchRecord decodes a Record; when the body is not one it returns
// without closing the body.
func FetchRecord(cl *http.Client, u string) (*Record, error) {
	resp, err := cl.Get(u)
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, err
	}
	resp.Body.Close()
	return &r, nil
}

// Redirected returns the header of a redirect (the client follows none);
// that return leaves the body open.
func Redirected(cl *http.Client, u string) (http.Header, error) {
	resp, err := cl.Get(u)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 3 {
		return resp.Header, nil
	}
	resp.Body.Close()
	return nil, nil
}

// ErrNoGreeting is ServeGreeting's refusal of an empty greeting.
var ErrNoGreeting = errors.New("no greeting")

// ServeGreeting listens on addr and greets one client; an empty greeting
// returns without closing the listener.
func ServeGreeting(addr, greeting string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if greeting == "" {
		return ErrNoGreeting
	}
	c, err := ln.Accept()
	if err == nil {
		c.Write([]byte(greeting))
		c.Close()
	}
	return ln.Close()
}

// ErrTooLong is Announce's refusal of a long message.
var ErrTooLong = errors.New("message too long")

// Announce sends msg from the UDP address local to to; a long message
// returns without closing the socket.
func Announce(local, to, msg string) error {
	pc, err := net.ListenPacket("udp", local)
	if err != nil {
		return err
	}
	if len(msg) > 512 {
		return ErrTooLong
	}
	dst, err := net.ResolveUDPAddr("udp", to)
	if err == nil {
		_, err = pc.WriteTo([]byte(msg), dst)
	}
	pc.Close()
	return err
}

// ErrUnknown is HandleOne's answer to an unknown command.
var ErrUnknown = errors.New("unknown command")

// HandleOne serves one command of one client of ln; an unknown command
// returns without closing the client's conn.
func HandleOne(ln net.Listener) error {
	c, err := ln.Accept()
	if err != nil {
		return err
	}
	cmd, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		c.Close()
		return err
	}
	if strings.TrimSpace(cmd) != "time" {
		return ErrUnknown
	}
	fmt.Fprintln(c, time.Now().Unix())
	return c.Close()
}

// Functions that leak too, but where no Close may be added before the
// return: they keep their findings and get no fix.

// Flushed defers the flush of a writer on c: it runs after a Close added
// before the return, so the peer would not get the hello.
func Flushed(addr string, bad bool) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(c)
	defer w.Flush()
	w.WriteString("hello")
	if bad {
		return errors.New("bad")
	}
	return c.Close()
}

// Blame names the peer in its error, computed after a Close before the
// return would run.
func Blame(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	b := make([]byte, 1)
	if _, err := io.ReadFull(c, b); err != nil {
		c.Close()
		return err
	}
	if b[0] != 'Y' {
		return fmt.Errorf("refused by %v", c.RemoteAddr())
	}
	return c.Close()
}

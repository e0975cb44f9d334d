package wrappers

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

const text = "line one\nline two\n"

// serve returns the URL of a server that answers with body.
func serve(t *testing.T, body []byte) string {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
	t.Cleanup(s.Close)
	return s.URL
}

func compressed(t *testing.T, newWriter func(io.Writer) io.WriteCloser) []byte {
	var b bytes.Buffer
	w := newWriter(&b)
	if _, err := io.WriteString(w, text); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func readAll(t *testing.T, r io.Reader, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil || string(got) != text {
		t.Errorf("read %q, %v; want %q", got, err, text)
	}
}

func TestGunzip(t *testing.T) {
	u := serve(t, compressed(t, func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }))
	r, err := Gunzip(u)
	readAll(t, r, err)
}

func TestInflate(t *testing.T) {
	u := serve(t, compressed(t, func(w io.Writer) io.WriteCloser { return zlib.NewWriter(w) }))
	r, err := Inflate(u)
	readAll(t, r, err)
}

func TestDeflate(t *testing.T) {
	u := serve(t, compressed(t, func(w io.Writer) io.WriteCloser {
		fw, _ := flate.NewWriter(w, flate.DefaultCompression)
		return fw
	}))
	r, err := Deflate(u)
	readAll(t, r, err)
}

func TestDecode64(t *testing.T) {
	u := serve(t, []byte(base64.StdEncoding.EncodeToString([]byte(text))))
	r, err := Decode64(u)
	readAll(t, r, err)
}

func TestScanLines(t *testing.T) {
	l, err := ScanLines(serve(t, []byte(text)))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for s, ok := l.Next(); ok; s, ok = l.Next() {
		got = append(got, s)
	}
	if len(got) != 2 || got[1] != "line two" {
		t.Errorf("lines %q, want the two lines of %q", got, text)
	}
}

func TestGunzipClosing(t *testing.T) {
	u := serve(t, compressed(t, func(w io.Writer) io.WriteCloser { return gzip.NewWriter(w) }))
	r, err := GunzipClosing(u)
	readAll(t, r, err)
	if err == nil {
		r.Close()
	}
}

func TestScanBeside(t *testing.T) {
	sc, body, err := ScanBeside(serve(t, []byte(text)))
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	n := 0
	for sc.Scan() {
		n++
	}
	if n != 2 || sc.Err() != nil {
		t.Errorf("%d lines, %v; want 2", n, sc.Err())
	}
}

// echo returns the address of a server that echoes one line per conn.
func echo(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				line, _ := bufio.NewReader(c).ReadString('\n')
				c.Write([]byte(line))
			}()
		}
	}()
	return ln.Addr().String()
}

func exchange(t *testing.T, rw *RW) {
	t.Helper()
	rw.W.WriteString("hi\n")
	if err := rw.W.Flush(); err != nil {
		t.Fatalf("write through the wrapper: %v", err)
	}
	if got, err := rw.R.ReadString('\n'); got != "hi\n" {
		t.Errorf("read %q, %v through the wrapper; want hi", got, err)
	}
}

func TestDialRW(t *testing.T) {
	rw, err := DialRW(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	exchange(t, rw)
}

func TestDialClosingRW(t *testing.T) {
	rw, err := DialClosingRW(echo(t))
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	exchange(t, &rw.RW)
}

// Package wrappers returns readers and writers built on a response body
// or a conn (issue 27): closewait reports that the caller cannot close
// the body or conn through them, and must offer no fix, since a Close
// inserted here would break every read of the caller. The ones at the
// end hand the caller a way to close it: no finding.
package wrappers

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"io"
	"net"
	"net/http"
)

// Gunzip returns a gzip reader of u's body.
func Gunzip(u string) (io.Reader, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return gzip.NewReader(resp.Body)
}

// Inflate returns a zlib reader of u's body.
func Inflate(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return zlib.NewReader(resp.Body)
}

// Deflate returns a flate reader of u's body.
func Deflate(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return flate.NewReader(resp.Body), nil
}

// Decode64 returns a base64 decoder of u's body.
func Decode64(u string) (io.Reader, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return base64.NewDecoder(base64.StdEncoding, resp.Body), nil
}

// Lines scans a body line by line.
type Lines struct{ sc *bufio.Scanner }

// Next returns the next line, or false.
func (l *Lines) Next() (string, bool) {
	if !l.sc.Scan() {
		return "", false
	}
	return l.sc.Text(), true
}

// ScanLines returns a Lines of u's body.
func ScanLines(u string) (*Lines, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return &Lines{sc: bufio.NewScanner(resp.Body)}, nil
}

// RW is a buffered reader and writer of a conn.
type RW struct {
	R *bufio.Reader
	W *bufio.Writer
}

// DialRW returns buffered I/O on a conn to addr.
func DialRW(addr string) (*RW, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &RW{R: bufio.NewReader(c), W: bufio.NewWriter(c)}, nil
}

// Transfers: the caller can close the body or conn through what it gets.

// gzipBody closes the gzip reader and the body under it.
type gzipBody struct {
	*gzip.Reader
	body io.Closer
}

func (g gzipBody) Close() error {
	g.Reader.Close()
	return g.body.Close()
}

// GunzipClosing returns a ReadCloser whose Close closes the body too.
func GunzipClosing(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	return gzipBody{zr, resp.Body}, nil
}

// ClosingRW is an RW that closes its conn.
type ClosingRW struct {
	RW
	c net.Conn
}

// Close closes the conn.
func (rw *ClosingRW) Close() error { return rw.c.Close() }

// DialClosingRW returns buffered I/O on a conn it can close.
func DialClosingRW(addr string) (*ClosingRW, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &ClosingRW{RW{bufio.NewReader(c), bufio.NewWriter(c)}, c}, nil
}

// ScanBeside returns a scanner of u's body with the body to close.
func ScanBeside(u string) (*bufio.Scanner, io.Closer, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, nil, err
	}
	return bufio.NewScanner(resp.Body), resp.Body, nil
}

// Package xupstream holds the helpers that the other packages call:
// their behaviour reaches callers only through facts.
package xupstream

import (
	"bufio"
	"net"
)

// Dial is a dial helper: it returns a fresh conn the caller must close.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

// CloseQuietly closes c on every path.
func CloseQuietly(c net.Conn) {
	_ = c.Close()
}

// Serve handles c and closes it when done.
func Serve(c net.Conn) {
	defer c.Close()
	bufio.NewReader(c).ReadString('\n')
}

// Echo reads until the peer hangs up and returns without closing c.
func Echo(c net.Conn) {
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		c.Write(buf[:n])
	}
}

// Client owns a conn; closing the client closes it.
type Client struct {
	conn net.Conn
}

// NewClient dials and wraps the conn: the caller owns the client.
func NewClient(addr string) (*Client, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

// Ping borrows the client.
func (cl *Client) Ping() error {
	_, err := cl.conn.Write([]byte("PING\r\n"))
	return err
}

// Close closes the client's conn.
func (cl *Client) Close() error {
	return cl.conn.Close()
}

// Must returns v, panicking on err: a generic pass-through.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Failed is an error test: true only for a non-nil error.
func Failed(err error) bool {
	return err != nil
}

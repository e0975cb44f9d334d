package summaries

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

func closeIt(c net.Conn) { // want closeIt:"0: closes"
	c.Close()
}

func readOnly(r io.Reader) ([]byte, error) { // want readOnly:`0: borrows, open at return summaries.go:15`
	return io.ReadAll(r)
}

func drain(resp *http.Response) error { // want drain:"0: closes"
	defer resp.Body.Close()
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

func closeOnError(c net.Conn) error { // want closeOnError:`0: closes on some paths, open at return summaries.go:29`
	if _, err := c.Write([]byte("hello")); err != nil {
		c.Close()
		return err
	}
	return nil
}

var pool []net.Conn

func keep(c net.Conn) { // want keep:"0: retains"
	pool = append(pool, c)
}

func Must[T any](v T, err error) T { // want Must:"0: returns as result 0"
	if err != nil {
		panic(err)
	}
	return v
}

func dial(addr string) (net.Conn, error) { // want dial:"returns fresh 0 conn"
	return net.Dial("tcp", addr)
}

func serveConn(c net.Conn) { // want serveConn:`0: borrows, open at io.EOF return summaries.go:53`
	br := bufio.NewReader(c)
	for {
		if _, err := br.ReadString('\n'); err != nil {
			return
		}
	}
}

type Client struct {
	conn net.Conn
}

func (c *Client) Close() error { // want Close:"0: closes"
	return c.conn.Close()
}

func NewClient(addr string) (*Client, error) { // want NewClient:"returns fresh 0 conn"
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

func fetch(u string) (io.ReadCloser, error) { // want fetch:"returns fresh 0 body"
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

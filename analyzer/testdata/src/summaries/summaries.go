package summaries

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

func CloseIt(c net.Conn) { // want CloseIt:"0: closes"
	c.Close()
}

func ReadOnly(r io.Reader) ([]byte, error) { // want ReadOnly:`0: borrows, may read it to io.EOF, open at return summaries.go:15`
	return io.ReadAll(r)
}

func Drain(resp *http.Response) error { // want Drain:"0: closes"
	defer resp.Body.Close()
	_, err := io.Copy(io.Discard, resp.Body)
	return err
}

func CloseOnError(c net.Conn) error { // want CloseOnError:`0: closes on some paths, closed on its error returns only, open at return summaries.go:29`
	if _, err := c.Write([]byte("hello")); err != nil {
		c.Close()
		return err
	}
	return nil
}

var pool []net.Conn

// Keeping a conn is a transfer, as is calling a function without a
// fact: no fact is exported.
func Keep(c net.Conn) {
	pool = append(pool, c)
}

func Must[T any](v T, err error) T { // want Must:"0: returns as result 0"
	if err != nil {
		panic(err)
	}
	return v
}

func Dial(addr string) (net.Conn, error) { // want Dial:"returns fresh 0 conn"
	return net.Dial("tcp", addr)
}

func ServeConn(c net.Conn) { // want ServeConn:`0: borrows, open at io.EOF return summaries.go:55`
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

// Callers classify method calls on a resource themselves: the receiver's
// effect is not exported.
func (c *Client) Close() error {
	return c.conn.Close()
}

// Other parameters of a method are, indexed after the receiver.
func (c *Client) Relay(dst net.Conn) error { // want Relay:"1: borrows"
	_, err := io.Copy(dst, c.conn)
	return err
}

// A function other packages cannot call gets no fact.
func closeQuietly(c net.Conn) {
	c.Close()
}

// Closing on some paths with no path left open (every other path hands
// the conn on) is a transfer to callers: no fact.
func CloseOrKeep(c net.Conn, keep bool) {
	if keep {
		Keep(c)
		return
	}
	closeQuietly(c)
}

func NewClient(addr string) (*Client, error) { // want NewClient:"returns fresh 0 conn"
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

func Fetch(u string) (io.ReadCloser, error) { // want Fetch:"returns fresh 0 body"
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Failed is an error test: its true result implies a non-nil err.
func Failed(err error) bool { // want Failed:"true: 0 non-nil"
	return err != nil && err != io.EOF
}

// Succeeded is true for a nil error: not an error test, no fact.
func Succeeded(err error) bool {
	return err == nil
}

// Retry is an error test of its second parameter.
func Retry(attempt int, err error) bool { // want Retry:"true: 1 non-nil"
	if attempt > 3 || err == nil {
		return false
	}
	return true
}

type Server struct {
	lns []net.Listener
}

// ServeTLS keeps the listener only once the certificate loads: its
// certificate error leaves it to the caller in its own package, but the
// fact does not say so (see engine.funcFact), so the fact says only when
// its error can be non-nil: with an empty cert (a caller passing a
// constant other than "" has no error branch).
func (s *Server) ServeTLS(ln net.Listener, cert string) error { // want ServeTLS:`fails if 2 == ""`
	if cert == "" {
		return io.ErrUnexpectedEOF
	}
	s.lns = append(s.lns, ln)
	return nil
}

// A PingClient uses a conn and has no method that closes it.
type PingClient struct{ c net.Conn }

func (p *PingClient) Ping() error { _, err := p.c.Write([]byte("ping")); return err }

// A Pinger pings.
type Pinger interface{ Ping() error }

// NewPingClient returns, as a Pinger, a client that holds c without
// being able to close it: c is still the caller's.
func NewPingClient(c net.Conn) Pinger { // want NewPingClient:`0: borrows, held by result 0, open at return summaries.go:\d+`
	return &PingClient{c: c}
}

// HandleConn closes c once it has read the greeting, but not when the
// read fails: a handler that owns its conn.
func HandleConn(c net.Conn) { // want HandleConn:`0: closes on some paths, owns it, open at io.EOF return summaries.go:\d+`
	if _, err := bufio.NewReader(c).ReadString('\n'); err != nil {
		return
	}
	c.Close()
}

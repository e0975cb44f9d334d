package bodyleak

// False-positive patterns found on the corpus (testdata/corpus/TRIAGE.md),
// reduced. None of these functions leaks a socket: every one must stay
// silent.

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// memConn is an in-memory net.Conn: no socket behind it.
type memConn struct {
	io.Writer
	io.Reader
}

func (memConn) Close() error                     { return nil }
func (memConn) LocalAddr() net.Addr              { return nil }
func (memConn) RemoteAddr() net.Addr             { return nil }
func (memConn) SetDeadline(time.Time) error      { return nil }
func (memConn) SetReadDeadline(time.Time) error  { return nil }
func (memConn) SetWriteDeadline(time.Time) error { return nil }

// dumpThroughTransport sends the request through a local Transport whose
// Dial returns an in-memory conn, only to record what it writes, and
// drops the response: no socket is ever dialed, and the Transport's idle
// conns are closed on return. (net/http/httputil/dump.go:146, reduced.)
func dumpThroughTransport(req *http.Request) ([]byte, error) {
	var buf bytes.Buffer
	t := &http.Transport{
		Dial: func(network, addr string) (net.Conn, error) {
			return memConn{&buf, bytes.NewReader([]byte("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"))}, nil
		},
	}
	defer t.CloseIdleConnections()
	_, err := t.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

type redirectClient struct{ c *http.Client }

func (c *redirectClient) send(req *http.Request) (*http.Response, error) { return c.c.Do(req) }

// followRedirects closes each response before it sends the next request:
// the Close is guarded by len(reqs) > 0, which holds on every iteration
// but the first, and the first starts with no response. The overwrite of
// resp by the next send is not a leak. (net/http/client.go:733,
// Client.do, reduced; reported once the engine sees through c.send.)
func (c *redirectClient) followRedirects(req *http.Request) (*http.Response, error) {
	var (
		reqs []*http.Request
		resp *http.Response
	)
	for {
		if len(reqs) > 0 {
			loc := resp.Header.Get("Location")
			if loc == "" {
				return resp, nil
			}
			resp.Body.Close()
			next, err := http.NewRequest("GET", loc, nil)
			if err != nil {
				return nil, err
			}
			req = next
		}
		reqs = append(reqs, req)
		var err error
		if resp, err = c.send(req); err != nil {
			return nil, err
		}
		if resp.StatusCode < 300 || resp.StatusCode >= 400 {
			return resp, nil
		}
	}
}

// followRedirectsDo is followRedirects with the Client's Do called
// directly.
func (c *redirectClient) followRedirectsDo(req *http.Request) (*http.Response, error) {
	var (
		reqs []*http.Request
		resp *http.Response
	)
	for {
		if len(reqs) > 0 {
			loc := resp.Header.Get("Location")
			if loc == "" {
				return resp, nil
			}
			resp.Body.Close()
			next, err := http.NewRequest("GET", loc, nil)
			if err != nil {
				return nil, err
			}
			req = next
		}
		reqs = append(reqs, req)
		var err error
		if resp, err = c.c.Do(req); err != nil {
			return nil, err
		}
		if resp.StatusCode < 300 || resp.StatusCode >= 400 {
			return resp, nil
		}
	}
}

// capturedErr assigns the response and its error inside a closure, the
// error to a variable of the enclosing function: when RoundTrip fails
// there is no response, as when err is local.
// (github.com/elazarl/goproxy@v1.9.2/https.go:537, reduced.)
func capturedErr(t *http.Transport, reqs []*http.Request) error {
	var err error
	for _, req := range reqs {
		if ok := func(req *http.Request) bool {
			var resp *http.Response
			resp, err = t.RoundTrip(req)
			if err != nil {
				return false
			}
			defer resp.Body.Close()
			return resp.StatusCode == http.StatusOK
		}(req); !ok {
			break
		}
	}
	return err
}

// followRedirectsCaptured is followRedirects with resp captured by a
// closure (a heap cell), as in net/http's Client.do, whose uerr closure
// reads resp: the previous hop's response is still closed before the next
// send overwrites it. (net/http/client.go:733, which followRedirects alone
// does not catch.)
func (c *redirectClient) followRedirectsCaptured(req *http.Request) (*http.Response, error) {
	var (
		reqs []*http.Request
		resp *http.Response
	)
	uerr := func(err error) error {
		if resp != nil && resp.Request != nil {
			return fmt.Errorf("%s: %w", resp.Request.URL, err)
		}
		return err
	}
	for {
		if len(reqs) > 0 {
			loc := resp.Header.Get("Location")
			if loc == "" {
				return resp, nil
			}
			resp.Body.Close()
			next, err := http.NewRequest("GET", loc, nil)
			if err != nil {
				return nil, uerr(err)
			}
			req = next
		}
		reqs = append(reqs, req)
		var err error
		if resp, err = c.send(req); err != nil {
			return nil, uerr(err)
		}
		if resp.StatusCode < 300 || resp.StatusCode >= 400 {
			return resp, nil
		}
	}
}

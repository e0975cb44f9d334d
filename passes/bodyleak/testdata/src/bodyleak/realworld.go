package bodyleak

// Shapes of body leaks that real projects had and fixed (issue 16), each
// with a clean twin. The want patterns match the stem of the message.

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
)

// limitedRead reads the body through an io.LimitedReader it builds
// around it: the response is still this function's to close.
func limitedRead(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the return`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(&io.LimitedReader{R: resp.Body, N: 1 << 20})
}

// limitedReadClean closes it.
func limitedReadClean(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(&io.LimitedReader{R: resp.Body, N: 1 << 20})
}

// gunzip wraps the body in a gzip reader, whose Close does not close the
// body.
func gunzip(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	b, err := io.ReadAll(zr)
	resp.Body.Close()
	return b, err
}

// retryDo replaces resp with the retried response without closing the
// first one.
func retryDo(c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed when resp is overwritten`
	for i := 0; err == nil && resp.StatusCode == http.StatusServiceUnavailable && i < 3; i++ {
		resp, err = c.Do(req) // want `response body resp\.Body from c\.Do is not closed when resp is overwritten`
	}
	return resp, err
}

// retryDoClean closes the first response before retrying.
func retryDoClean(c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	for i := 0; err == nil && resp.StatusCode == http.StatusServiceUnavailable && i < 3; i++ {
		resp.Body.Close()
		resp, err = c.Do(req)
	}
	return resp, err
}

// A fetcher closes its responses through a method.
type fetcher struct{ c *http.Client }

func (f *fetcher) done(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// statusCheck returns an error on a bad status without closing the body.
func (f *fetcher) statusCheck(url string) error {
	resp, err := f.c.Get(url) // want `response body resp\.Body from f\.c\.Get is not closed on the error return`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	f.done(resp)
	return nil
}

// statusCheckClean hands it to the closing method on both paths.
func (f *fetcher) statusCheckClean(url string) error {
	resp, err := f.c.Get(url)
	if err != nil {
		return err
	}
	defer f.done(resp)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}

var errNotFound = errors.New("not found")

// decodeBody reads from an io.Reader only.
var decodeBody func(r io.Reader, v any) error

// decodeThrough hands the body to a decoder whose parameter is an
// io.Reader, and returns its error without closing.
func decodeThrough(c *http.Client, url string, v any) error {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the error return`
	if err != nil {
		return err
	}
	if resp.StatusCode == http.StatusNotFound {
		resp.Body.Close()
		return errNotFound
	}
	if err := decodeBody(resp.Body, v); err != nil {
		return err
	}
	return resp.Body.Close()
}

// redirectGoto follows a redirect with goto, dropping the first response.
func redirectGoto(c *http.Client, req *http.Request) (*http.Response, error) {
	tries := 0
retry:
	resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed when resp is overwritten`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusTemporaryRedirect && tries < 3 {
		tries++
		goto retry
	}
	return resp, nil
}

// redirectGotoClean closes it before trying again.
func redirectGotoClean(c *http.Client, req *http.Request) (*http.Response, error) {
	tries := 0
retry:
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusTemporaryRedirect && tries < 3 {
		tries++
		resp.Body.Close()
		goto retry
	}
	return resp, nil
}

// replaceBody reads the body to EOF and replaces it with an in-memory
// copy without closing the original (hcloud-go's Do): net/http took the
// connection back at EOF, so only -closewait.drained reports it.
func replaceBody(c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// replaceBodyClean closes the original first.
func replaceBodyClean(c *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(b))
	return resp, nil
}

// dumpThroughDialer is dumpThroughTransport (corpus_fp.go) with a Dial
// that dials: its dropped response holds a socket.
func dumpThroughDialer(req *http.Request, addr string) error {
	t := &http.Transport{
		Dial: func(network, _ string) (net.Conn, error) {
			return net.Dial(network, addr)
		},
	}
	defer t.CloseIdleConnections()
	_, err := t.RoundTrip(req) // want `response body from t\.RoundTrip is not closed on the return`
	return err
}

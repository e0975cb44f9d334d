// Package httpseek wraps a response body in a reader that can seek by
// asking again with a Range header (oras's httputil.NewReadSeekCloser):
// its Close closes the body it holds.
package httpseek

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// Client sends requests.
type Client interface {
	Do(*http.Request) (*http.Response, error)
}

type readSeekCloser struct {
	client Client
	req    *http.Request
	rc     io.ReadCloser
	size   int64
	offset int64
	closed bool
}

// NewReadSeekCloser returns a seeker over respBody, which it owns.
func NewReadSeekCloser(client Client, req *http.Request, respBody io.ReadCloser, size int64) io.ReadSeekCloser {
	return &readSeekCloser{client: client, req: req, rc: respBody, size: size}
}

func (rsc *readSeekCloser) Read(p []byte) (int, error) {
	if rsc.closed {
		return 0, errors.New("read: already closed")
	}
	n, err := rsc.rc.Read(p)
	rsc.offset += int64(n)
	return n, err
}

func (rsc *readSeekCloser) Seek(offset int64, whence int) (int64, error) {
	if whence != io.SeekStart {
		return 0, errors.New("seek: invalid whence")
	}
	if offset == rsc.offset {
		return offset, nil
	}
	if offset >= rsc.size {
		rsc.rc.Close()
		rsc.rc = http.NoBody
		rsc.offset = offset
		return offset, nil
	}
	req := rsc.req.Clone(rsc.req.Context())
	req.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", offset, rsc.size-1))
	resp, err := rsc.client.Do(req)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusPartialContent {
		resp.Body.Close()
		return 0, errors.New("seek: unexpected status")
	}
	rsc.rc.Close()
	rsc.rc = resp.Body
	rsc.offset = offset
	return offset, nil
}

func (rsc *readSeekCloser) Close() error {
	if rsc.closed {
		return nil
	}
	rsc.closed = true
	return rsc.rc.Close()
}

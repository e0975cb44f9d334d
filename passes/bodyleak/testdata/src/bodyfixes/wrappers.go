package bodyfixes

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
)

// Returned wrappers of the body (issue 27): no fix may close the body
// they read, and the finding says the caller cannot close it through
// them; a wrapper that can close it is a transfer.

// gunzipped returns a gzip reader of the body: its Close does not close
// the body.
func gunzipped(u string) (io.Reader, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+: it gives the caller only a \*gzip\.Reader built on it, whose Close leaves resp\.Body open, so the caller cannot close resp\.Body; return an io\.ReadCloser whose Close also closes resp\.Body`
	if err != nil {
		return nil, err
	}
	return gzip.NewReader(resp.Body)
}

// inflated returns a zlib reader of the body.
func inflated(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+: it gives the caller only an io\.ReadCloser built on it, whose Close leaves resp\.Body open`
	if err != nil {
		return nil, err
	}
	return zlib.NewReader(resp.Body)
}

// deflated returns a flate reader of the body.
func deflated(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+: it gives the caller only an io\.ReadCloser built on it`
	if err != nil {
		return nil, err
	}
	return flate.NewReader(resp.Body), nil
}

// decoded returns a base64 decoder of the body.
func decoded(u string) (io.Reader, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+: it gives the caller only an io\.Reader built on it, which has no Close`
	if err != nil {
		return nil, err
	}
	return base64.NewDecoder(base64.StdEncoding, resp.Body), nil
}

// lines scans a body.
type lines struct{ sc *bufio.Scanner }

// scanned returns a new struct holding a scanner of the body.
func scanned(u string) (*lines, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+: it gives the caller only a \*lines built on it, which has no Close`
	if err != nil {
		return nil, err
	}
	return &lines{sc: bufio.NewScanner(resp.Body)}, nil
}

// checkedGunzip closes the body on its error returns and returns a gzip
// reader of it otherwise: the error returns are fine, the wrapper is
// the leak, and still no fix.
func checkedGunzip(u string) (*gzip.Reader, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+: it gives the caller only a \*gzip\.Reader built on it`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, errors.New(resp.Status)
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		resp.Body.Close()
		return nil, err
	}
	return zr, nil
}

// Transfers: the caller can close the body through what it gets.

// gzipBody closes the gzip reader and the body under it.
type gzipBody struct {
	*gzip.Reader
	body io.Closer
}

func (g gzipBody) Close() error {
	g.Reader.Close()
	return g.body.Close()
}

// gunzippedClosing returns a ReadCloser whose Close reaches the body.
func gunzippedClosing(u string) (io.ReadCloser, error) {
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

// closingLines holds the body beside its scanner, and closes it.
type closingLines struct {
	sc   *bufio.Scanner
	body io.Closer
}

func (l *closingLines) Close() error { return l.body.Close() }

// scannedClosing returns a struct whose Close closes the body.
func scannedClosing(u string) (*closingLines, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return &closingLines{sc: bufio.NewScanner(resp.Body), body: resp.Body}, nil
}

// besideReader returns the body beside the reader built on it.
func besideReader(u string) (*bufio.Reader, io.Closer, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, nil, err
	}
	return bufio.NewReader(resp.Body), resp.Body, nil
}

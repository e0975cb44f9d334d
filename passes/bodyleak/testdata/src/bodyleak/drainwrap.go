package bodyleak

import (
	"bufio"
	"errors"
	"io"
	"net/http"
)

// limitedBufRead reads at most 1 KiB: the body is not read to io.EOF, and
// the connection is held (a bufio.Reader or io.TeeReader over it, read to
// io.EOF, drains it: drainedflag/passthrough.go).
func limitedBufRead(c *http.Client, u string) ([]byte, error) {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the error return at line \d+ and on 2 other paths \(the connection can be neither reused nor closed`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(bufio.NewReader(io.LimitReader(resp.Body, 1024)))
	if err != nil {
		return nil, err
	}
	if len(b) < 16 {
		return nil, errors.New("short")
	}
	return b, nil
}

package bodyleak

import (
	"bufio"
	"bytes"
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

// proxyCopy copies the upstream body to the client: io.Copy stops at the
// first failed write (the client hung up), before io.EOF, so the body is
// not read to the end for certain and its connection is held.
func proxyCopy(c *http.Client, w http.ResponseWriter, req *http.Request) {
	resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed on the return at line \d+ \(the connection can be neither reused nor closed`
	if err != nil {
		return
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// discardCopy copies into io.Discard and bufferCopy into a bytes.Buffer,
// which no peer can make fail: both read the body to io.EOF (withheld,
// reported under -closewait.drained).
func discardCopy(c *http.Client, req *http.Request) int {
	resp, err := c.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

func bufferCopy(c *http.Client, req *http.Request) []byte {
	resp, err := c.Do(req)
	if err != nil {
		return nil
	}
	var b bytes.Buffer
	io.Copy(&b, resp.Body)
	return b.Bytes()
}

// limitedLines stops at the LimitReader's own io.EOF, not the body's: the
// rest of the body is unread and its connection held.
func limitedLines(c *http.Client, u string, each func(string)) {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the io\.EOF return at line \d+`
	if err != nil {
		return
	}
	buf := bufio.NewReader(io.LimitReader(resp.Body, 1<<20))
	for {
		line, err := buf.ReadString('\n')
		if err != nil {
			return
		}
		each(line)
	}
}

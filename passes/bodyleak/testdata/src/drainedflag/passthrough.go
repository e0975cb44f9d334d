package drainedflag

import (
	"bufio"
	"errors"
	"io"
	"net/http"
	"os"
)

// Reading to io.EOF through a reader that passes every byte on
// (bufio.NewReader, io.TeeReader) reads the body to io.EOF: no socket is
// held after it (go-pmtiles' Sync); through a LimitReader it is not read
// to the end (bodyleak/drainwrap.go).

func teeRead(c *http.Client, u string, out *os.File) ([]byte, error) {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the error return at line \d+ and on 2 other paths \(it was read to io\.EOF first`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(bufio.NewReader(io.TeeReader(resp.Body, out)))
	if err != nil {
		return nil, err
	}
	if len(b) < 16 {
		return nil, errors.New("short")
	}
	return b, nil
}

func teeCopy(c *http.Client, u string, w, progress io.Writer) error {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the return at line \d+ \(it was read to io\.EOF first`
	if err != nil {
		return err
	}
	io.Copy(w, io.TeeReader(resp.Body, progress))
	return nil
}

// scanLines reads the body, or a cached file, line by line until a read
// fails: where a read of the body itself fails it is at io.EOF (its
// connection back in the pool) or broken (closed by net/http), so the
// return after the loop holds no socket (go.mau.fi/util's unicodeurls,
// held-back slice 12).
func scanLines(c *http.Client, u string, cache *os.File, each func(string)) {
	var buf *bufio.Reader
	if cache == nil {
		resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the io\.EOF return at line \d+ and on 1 other path \(it was read to io\.EOF first`
		if err != nil {
			return
		}
		buf = bufio.NewReader(resp.Body)
	} else {
		buf = bufio.NewReader(cache)
	}
	for {
		line, err := buf.ReadString('\n')
		if errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return
		}
		each(line)
	}
}

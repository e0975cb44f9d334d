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

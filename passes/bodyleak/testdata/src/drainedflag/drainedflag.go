// Package drainedflag is package drained under -closewait.drained:
// the bodies read to io.EOF before a return that leaves them unclosed
// are reported too, saying that no socket is held (net/http gave the
// connection back to its pool at EOF, or closed it on a failed read),
// without the CLOSE_WAIT wording. Their twins are reported as before.
package drainedflag

import (
	"errors"
	"io"
	"net/http"
	"os"
)

// readAll reads the body to EOF and never closes it: no socket is held.
func readAll(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the error return at line 23 and on 1 other path \(it was read to io\.EOF first, so net/http holds no socket for it; close it anyway, as net/http's contract asks\)`
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return b, nil
}

// copyOut copies the body to stdout, to EOF: no socket is held.
func copyOut(url string) error {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the return at line 35 \(it was read to io\.EOF first`
	if err != nil {
		return err
	}
	_, err = io.Copy(os.Stdout, resp.Body)
	return err
}

// statusFirst returns on a bad status before reading: that return holds
// the connection; the one after io.ReadAll does not.
func statusFirst(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the error return at line 46 \(the connection can be neither reused nor closed`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// bounded reads at most 512 bytes: the rest of the body, and the
// connection, stay.
func bounded(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the return at line 58`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(resp.Body, 512))
}

// merged reaches one return from a drained path and from one that never
// read the body: the return holds the connection on the second.
func merged(url string, quick bool) error {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the return at line 73`
	if err != nil {
		return err
	}
	if !quick {
		if _, err := io.Copy(io.Discard, resp.Body); err != nil {
			return err
		}
	}
	return nil
}

// decodeAll reads r to io.EOF on its success path only.
func decodeAll(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, errors.New("empty")
	}
	return b, nil
}

// viaHelper leaves the body to a helper that may read it to io.EOF:
// reported under the flag, saying so.
func viaHelper(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the return at line 95 \(decodeAll may have read it to io\.EOF first, in which case net/http holds no socket for it`
	if err != nil {
		return nil, err
	}
	return decodeAll(resp.Body)
}

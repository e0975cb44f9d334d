// Package drained holds response bodies read to io.EOF before the return
// that leaves them unclosed: net/http gave the connection back to its
// pool at EOF (or closed it on a failed read), so no socket is held and,
// by default, nothing is reported. Their twins leave a socket held.
package drained

import (
	"errors"
	"io"
	"net/http"
	"os"
)

// readAll reads the body to EOF and never closes it: no socket is held.
func readAll(url string) ([]byte, error) {
	resp, err := http.Get(url)
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
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	_, err = io.Copy(os.Stdout, resp.Body)
	return err
}

// statusFirst returns on a bad status before reading: that return holds
// the connection; the one after io.ReadAll does not.
func statusFirst(url string) ([]byte, error) {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the error return at line 45 \(the connection can be neither reused nor closed`
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
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the return at line 57`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(resp.Body, 512))
}

// merged reaches one return from a drained path and from one that never
// read the body: the return holds the connection on the second.
func merged(url string, quick bool) error {
	resp, err := http.Get(url) // want `response body resp\.Body from http\.Get is not closed on the return at line 72`
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

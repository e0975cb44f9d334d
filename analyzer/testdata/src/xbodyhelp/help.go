// Package xbodyhelp holds response helpers used from another package.
package xbodyhelp

import (
	"encoding/json"
	"io"
	"net/http"
)

// CloseBody drains and closes the response body.
func CloseBody(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// DecodeAndClose decodes the body into v and closes it on every path.
func DecodeAndClose(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// ReadAll only reads the body: the caller must still close it.
func ReadAll(r io.Reader) ([]byte, error) {
	return io.ReadAll(r)
}

// Fetch returns the body of a GET: the caller owns it.
func Fetch(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

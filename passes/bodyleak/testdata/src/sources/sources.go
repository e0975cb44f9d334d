// Package sources holds responses that come from calls without a body
// the engine can read: an interface's Do, a func value, and helpers that
// close the body on some paths only.
package sources

import (
	"errors"
	"io"
	"net/http"
)

// A Doer sends requests (generated SDKs, retrying clients).
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// get drops the response of d.Do on a bad status.
func get(d Doer, req *http.Request) (int, error) {
	resp, err := d.Do(req) // want `response body resp\.Body from d\.Do is not closed on the error return at line 24`
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, errors.New("bad status")
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return http.StatusOK, err
}

// getClean closes it first: clean.
func getClean(d Doer, req *http.Request) (int, error) {
	resp, err := d.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, errors.New("bad status")
	}
	return http.StatusOK, nil
}

// forward hands the response of a middleware chain's next on: the caller
// owns it (silent).
func forward(next func(*http.Request) (*http.Response, error), req *http.Request) (*http.Response, error) {
	resp, err := next(req)
	if err != nil {
		return nil, err
	}
	resp.Header.Set("X-Seen", "1")
	return resp, nil
}

// status drops the response of a middleware chain's next.
func status(next func(*http.Request) (*http.Response, error), req *http.Request) int {
	resp, err := next(req) // want `response body resp\.Body from next is not closed on the return at line 61`
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

// requireOK closes the body on a status that is not 2xx and returns the
// response otherwise; the error passed in is the failure of the call that
// produced resp, where there is no body.
func requireOK(resp *http.Response, err error) (*http.Response, error) {
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		resp.Body.Close()
		return nil, errors.New("unexpected status")
	}
	return resp, nil
}

// fetch leaves the body open only on its last return: requireOK's
// failures own nothing.
func fetch(c *http.Client, req *http.Request) error {
	resp, err := requireOK(c.Do(req)) // want `response body from c\.Do is not closed on the return at line 86`
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	return err
}

// fetchClean closes it: clean.
func fetchClean(c *http.Client, req *http.Request) error {
	resp, err := requireOK(c.Do(req))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

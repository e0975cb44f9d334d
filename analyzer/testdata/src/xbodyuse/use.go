// Package xbodyuse uses xbodyhelp: ownership reaches it through facts.
package xbodyuse

import (
	"io"
	"net/http"

	"xbodyhelp"
)

// closedByHelper lets the helper in another package close the body: clean.
func closedByHelper(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	xbodyhelp.CloseBody(resp)
	return nil
}

// decodedAndClosed lets the decode-and-close helper close it: clean.
func decodedAndClosed(u string, v any) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	return xbodyhelp.DecodeAndClose(resp, v)
}

// readOnlyHelper only reads the body through the helper, to io.EOF (its
// fact says so): net/http holds no socket for it, so, like a body read
// by io.ReadAll here, it is withheld (see the drained fixtures of
// bodyleak for the twins that are reported).
func readOnlyHelper(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return xbodyhelp.ReadAll(resp.Body)
}

// fetchedAndClosed closes the body returned by the helper: clean.
func fetchedAndClosed(u string) error {
	body, err := xbodyhelp.Fetch(u)
	if err != nil {
		return err
	}
	defer body.Close()
	_, err = io.Copy(io.Discard, body)
	return err
}

// fetchedAndDropped never closes the body the helper returned.
func fetchedAndDropped(u string) ([]byte, error) {
	body, err := xbodyhelp.Fetch(u) // want `response body body from xbodyhelp\.Fetch is not closed on the return`
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(body, 1<<20))
}

// deferredLiteral closes the body in a deferred literal that takes it as
// a parameter: clean.
func deferredLiteral(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	defer func(b io.ReadCloser) {
		b.Close()
	}(resp.Body)
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// outerCloser assigns the body to an outer io.ReadCloser and defers its
// Close: clean.
func outerCloser(u string) error {
	var rc io.ReadCloser
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	rc = resp.Body
	defer rc.Close()
	_, err = io.Copy(io.Discard, rc)
	return err
}

// closeLater returns the method value resp.Body.Close: the caller closes
// it, so nothing leaks here.
func closeLater(u string) (func() error, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body.Close, nil
}

package drained

import (
	"compress/gzip"
	"errors"
	"io"
	"net/http"

	"drained/easy"
)

// A page is one page of a paged listing.
type page struct {
	Items []string
	Next  *string
}

// unmarshal reads the response's body to io.EOF through a library
// (directly, or through a gzip reader) before it parses: a body it was
// given holds no socket afterwards, unless the gzip header is bad.
func unmarshal(resp *http.Response, v any) error {
	var reader io.Reader
	switch resp.Header.Get("Content-Encoding") {
	case "gzip":
		gz, err := gzip.NewReader(resp.Body)
		if err != nil {
			return err
		}
		defer gz.Close()
		reader = gz
	default:
		reader = resp.Body
	}
	return easy.Unmarshal(reader, v)
}

// listAll pages through a listing without closing the bodies: each
// page's body was (most likely) read to io.EOF by unmarshal before the
// next request, so no socket is held; withheld as uncertain.
func listAll(c *http.Client, url string) ([]string, error) {
	var all []string
	for {
		resp, err := c.Get(url)
		if err != nil {
			return nil, err
		}
		var p page
		if err := unmarshal(resp, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.Next == nil {
			break
		}
		url = *p.Next
	}
	return all, nil
}

// listDirect is listAll with the library called on the body itself.
func listDirect(c *http.Client, url string) ([]string, error) {
	var all []string
	for {
		resp, err := c.Get(url)
		if err != nil {
			return nil, err
		}
		var p page
		if err := easy.Unmarshal(resp.Body, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.Next == nil {
			return all, nil
		}
		url = *p.Next
	}
}

// listDecoded is listDirect's leaking twin: a json.Decoder stops after
// the value, so each page's connection stays held.
func listDecoded(c *http.Client, url string) ([]string, error) {
	var all []string
	for {
		resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed`
		if err != nil {
			return nil, err
		}
		var p page
		if err := easy.Decode(resp.Body, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.Next == nil {
			return all, nil
		}
		url = *p.Next
	}
}

// peeked is the twin of a library that reads a little only.
func peeked(c *http.Client, url string) error {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed`
	if err != nil {
		return err
	}
	return easy.Peek(resp.Body)
}

// statusThenUnmarshal returns on a bad status before any read: that
// return holds the connection whatever unmarshal does on the other path.
func statusThenUnmarshal(c *http.Client, url string, v any) error {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the return at line 118`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	return unmarshal(resp, v)
}

// checkedUnmarshal returns on a bad status before it reads the body:
// that path leaves the connection held.
func checkedUnmarshal(resp *http.Response, v any) error {
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return easy.Unmarshal(resp.Body, v)
}

// listChecked is listDirect through checkedUnmarshal: a bad status
// returns with the connection held.
func listChecked(c *http.Client, url string) ([]string, error) {
	var all []string
	for {
		resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed when resp is overwritten at line 137 and on 2 other paths`
		if err != nil {
			return nil, err
		}
		var p page
		if err := checkedUnmarshal(resp, &p); err != nil {
			return nil, err
		}
		all = append(all, p.Items...)
		if p.Next == nil {
			return all, nil
		}
		url = *p.Next
	}
}

package sources

import (
	"encoding/json"
	"errors"
	"net/http"
)

// A Response embeds the *http.Response it wraps (vault's api.Response):
// its Body is the wrapped response's.
type Response struct{ *http.Response }

// A Client sends requests through an *http.Client.
type Client struct{ hc *http.Client }

// raw returns the response inside a Response: the caller owns it.
func (c *Client) raw(req *http.Request) (*Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	return &Response{Response: resp}, nil
}

// health decodes the wrapped response and never closes it.
func (c *Client) health(req *http.Request, v any) error {
	resp, err := c.raw(req) // want `response body resp from c\.raw is not closed on the return at line 31`
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// healthClean closes the wrapped response's body: clean.
func (c *Client) healthClean(req *http.Request, v any) error {
	resp, err := c.raw(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// once checks the response with a predicate the caller passes (as acme
// does): a func value whose only answer is a bool borrows it.
func (c *Client) once(req *http.Request, ok func(*http.Response) bool) (*http.Response, error) {
	res, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	if !ok(res) {
		res.Body.Close()
		return nil, errors.New("bad status")
	}
	return res, nil
}

func wantOK(r *http.Response) bool { return r.StatusCode == http.StatusOK }

// discover decodes the checked response and never closes it.
func (c *Client) discover(req *http.Request, v any) error {
	res, err := c.once(req, wantOK) // want `response body res\.Body from c\.once is not closed on the return at line 66`
	if err != nil {
		return err
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// discoverClean closes it: clean.
func (c *Client) discoverClean(req *http.Request, v any) error {
	res, err := c.once(req, wantOK)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}

// keep hands the response to a func value that answers more than a bool:
// it may keep it, so once's caller does not own it for certain (silent).
func (c *Client) keep(req *http.Request, h func(*http.Response) error) error {
	res, err := c.hc.Do(req)
	if err != nil {
		return err
	}
	return h(res)
}

// errorOf reads and closes the body of a bad status, returning an error;
// it returns the read's error without closing it when that read fails.
// Where it returns nil, the body is open.
func (r *Response) errorOf() error {
	if r.StatusCode < 400 {
		return nil
	}
	var msg struct{ Errors []string }
	if err := json.NewDecoder(r.Body).Decode(&msg); err != nil {
		return err
	}
	r.Body.Close()
	return errors.New(r.Status)
}

// rawChecked wraps the response on one path only (a retrying client may
// return one with its error), checks its status with errorOf, and gives
// it to its callers: the callers own it where it returns nil.
func (c *Client) rawChecked(req *http.Request) (*Response, error) {
	var result *Response
	resp, err := c.hc.Do(req)
	if resp != nil {
		result = &Response{Response: resp}
	}
	if err != nil {
		return result, err
	}
	if result != nil && result.StatusCode == http.StatusNoContent {
		return result, nil
	}
	if err := result.errorOf(); err != nil {
		return result, err
	}
	return result, nil
}

// lookup decodes the checked response and never closes it.
func (c *Client) lookup(req *http.Request, v any) error {
	resp, err := c.rawChecked(req) // want `response body resp from c\.rawChecked is not closed on the return at line 131`
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func (c *Client) lookupClean(req *http.Request, v any) error {
	resp, err := c.rawChecked(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// rawRedirect follows one redirect but returns the first response, which
// result still holds: the second assignment to resp loses nothing of the
// first (the second response, never closed, is the leak).
func (c *Client) rawRedirect(req *http.Request) (*Response, error) {
	var result *Response
	resp, err := c.hc.Do(req)
	if resp != nil {
		result = &Response{Response: resp}
	}
	if err != nil {
		return result, err
	}
	if resp.StatusCode == http.StatusFound {
		resp, err = c.hc.Do(req) // want `response body resp\.Body from c\.hc\.Do is not closed on the return at line 161`
		if err != nil {
			return result, err
		}
	}
	return result, nil
}

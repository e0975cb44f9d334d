package sources

import (
	"encoding/json"
	"io"
	"net/http"
)

// RequestOpts say what doRequest does with the body (gophercloud's).
type RequestOpts struct {
	JSONResponse     any
	KeepResponseBody bool
}

// doRequest closes the body unless the options ask it to keep it: its
// result is closed on some paths and open on others, so a caller cannot
// be sure it owns an open body.
func doRequest(hc *http.Client, req *http.Request, opts *RequestOpts) (*http.Response, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if opts.JSONResponse != nil {
		defer resp.Body.Close()
		return resp, json.NewDecoder(resp.Body).Decode(opts.JSONResponse)
	}
	if !opts.KeepResponseBody {
		defer resp.Body.Close()
		_, err := io.Copy(io.Discard, resp.Body)
		return resp, err
	}
	return resp, nil
}

// list decodes through doRequest, which closed the body (silent).
func list(hc *http.Client, req *http.Request, into any) (http.Header, error) {
	resp, err := doRequest(hc, req, &RequestOpts{JSONResponse: into})
	if err != nil {
		return nil, err
	}
	return resp.Header, nil
}

// doKeep returns the body open on every path: its callers own it.
func doKeep(hc *http.Client, req *http.Request) (*http.Response, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// listKeep drops the open body doKeep returned.
func listKeep(hc *http.Client, req *http.Request) (http.Header, error) {
	resp, err := doKeep(hc, req) // want `response body resp\.Body from doKeep is not closed on the return at line 59`
	if err != nil {
		return nil, err
	}
	return resp.Header, nil
}

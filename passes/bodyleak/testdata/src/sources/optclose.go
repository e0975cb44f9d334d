package sources

import (
	"encoding/json"
	"errors"
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
	resp, err := doKeep(hc, req) // want `response body resp\.Body from doKeep is not closed on the return at line 60`
	if err != nil {
		return nil, err
	}
	return resp.Header, nil
}

// Params ask doStream to keep the body open for streaming.
type Params struct {
	URL        string
	StreamBody bool
}

// doStream defers the body's Close unless p.StreamBody, and returns the
// response on both paths: its result is closed when the caller's
// literal omits the flag, so callers cannot be sure they own an open
// body (the deferred Close is in a branch, not before the return).
func doStream(hc *http.Client, p Params) ([]byte, *http.Response, error) {
	resp, err := hc.Get(p.URL)
	if err != nil {
		return nil, nil, err
	}
	if !p.StreamBody {
		defer resp.Body.Close()
	}
	if p.StreamBody {
		return nil, resp, nil
	}
	b, err := io.ReadAll(resp.Body)
	return b, resp, err
}

// getStream reads through doStream without the flag: its body was
// closed (silent).
func getStream(hc *http.Client, url string) ([]byte, int, error) {
	b, resp, err := doStream(hc, Params{URL: url})
	if err != nil {
		return nil, 0, err
	}
	return b, resp.StatusCode, nil
}

// doStatus closes the body before it returns an error with the
// response, and returns it open on success: callers own it on success.
func doStatus(hc *http.Client, url string) (*http.Response, error) {
	resp, err := hc.Get(url)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return resp, errors.New(resp.Status)
	}
	return resp, nil
}

// getStatus drops the body doStatus returned open on success.
func getStatus(hc *http.Client, url string) (int, error) {
	resp, err := doStatus(hc, url) // want `response body resp\.Body from doStatus is not closed on the return at line 118`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

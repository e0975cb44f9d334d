package bodyleak

import (
	"errors"
	"net/http"
)

// retryResponse copies the response (sharing its body) with new headers:
// whoever gets the copy owns the body.
func retryResponse(r *http.Response) *http.Response {
	c := *r
	c.Header = r.Header.Clone()
	return &c
}

// authRetry hands an unauthorized response on in a shallow copy: the
// caller closes the copy's body, which is resp's (silent).
func authRetry(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return retryResponse(resp), nil
	}
	return resp, nil
}

// emptied copies the response but replaces the body: the original body
// is dropped open.
func emptied(r *http.Response) *http.Response {
	c := *r
	c.Body = http.NoBody
	return &c
}

// authEmptied is authRetry's twin through emptied.
func authEmptied(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultClient.Do(req) // want `response body resp\.Body from http\.DefaultClient\.Do is not closed`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusUnauthorized {
		return emptied(resp), nil
	}
	return resp, nil
}

// hookTransport runs response hooks on a copy whose body it replaces, so
// that no hook can read it, and returns the original response, body
// and all (moby's client hooks): silent.
type hookTransport struct {
	base  http.RoundTripper
	hooks []func(*http.Response)
}

func (t *hookTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if err != nil {
		return resp, err
	}
	if len(t.hooks) > 0 {
		hookResp := *resp
		if hookResp.Body != nil {
			hookResp.Body = hookBody{}
		}
		for _, h := range t.hooks {
			h(&hookResp)
		}
	}
	return resp, nil
}

// hookBody is the body hooks see: it refuses to be read.
type hookBody struct{}

func (hookBody) Read([]byte) (int, error) { return 0, errors.New("hooks must not read the body") }

func (hookBody) Close() error { return nil }

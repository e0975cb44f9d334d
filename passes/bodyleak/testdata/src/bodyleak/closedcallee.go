package bodyleak

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
)

type acmeClient struct{ hc *http.Client }

// doOnce closes the body before it returns the response, which its
// callers read only for the headers (acmez's doHTTPRequest).
func (c *acmeClient) doOnce(req *http.Request, buf *bytes.Buffer) (resp *http.Response, retry bool, err error) {
	resp, err = c.hc.Do(req)
	if err != nil {
		return resp, true, fmt.Errorf("performing request: %w", err)
	}
	defer resp.Body.Close()
	if _, err = io.Copy(buf, resp.Body); err != nil {
		return resp, resp.StatusCode >= 400, err
	}
	return resp, false, nil
}

// request retries doOnce: every response it returns is closed.
func (c *acmeClient) request(url string) (*http.Response, error) {
	var buf bytes.Buffer
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		req, rerr := http.NewRequest(http.MethodGet, url, nil)
		if rerr != nil {
			return nil, rerr
		}
		var retry bool
		resp, retry, err = c.doOnce(req, &buf)
		if retry {
			continue
		}
		break
	}
	if err != nil {
		return resp, err
	}
	if resp.StatusCode >= 400 {
		return resp, fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	return resp, nil
}

// links reads the headers of closed responses: clean.
func (c *acmeClient) links(urls []string) []string {
	var out []string
	get := func(u string) (*http.Response, error) {
		resp, err := c.request(u)
		if err != nil {
			return resp, err
		}
		return resp, nil
	}
	resp, err := get(urls[0])
	if err != nil {
		return nil
	}
	out = append(out, resp.Header.Values("Link")...)
	for _, u := range urls[1:] {
		if _, err := get(u); err != nil {
			continue
		}
	}
	return out
}

package sources

import (
	"errors"
	"io"
	"net/http"
	"net/url"
)

// An interface that abstracts *http.Client, with its Get, Post and
// PostForm, sends a request and returns a fresh response, as the
// client's own methods do (gocsaf/csaf's util.Client).
type httpClient interface {
	Do(req *http.Request) (*http.Response, error)
	Get(url string) (*http.Response, error)
	Head(url string) (*http.Response, error)
	Post(url, contentType string, body io.Reader) (*http.Response, error)
	PostForm(url string, data url.Values) (*http.Response, error)
}

func loadChanges(c httpClient, u string) ([]byte, error) {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the error return at line 27`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func loadChangesClean(c httpClient, u string) ([]byte, error) {
	resp, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func submit(c httpClient, u string, form url.Values) error {
	resp, err := c.PostForm(u, form) // want `response body resp\.Body from c\.PostForm is not closed on the error return at line 51`
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return errors.New(resp.Status)
	}
	return resp.Body.Close()
}

// A Get with other parameters is not the client's: its result may be a
// response someone else keeps (a cache's lookup).
type responseCache interface {
	Get(key string, fresh bool) (*http.Response, error)
}

func cached(c responseCache, key string) (int, error) {
	resp, err := c.Get(key, true)
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, errors.New(resp.Status)
	}
	return resp.StatusCode, nil
}

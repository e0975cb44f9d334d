package bodyleak

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// fetchDeferred defers resp.Body.Close() right after the error check: clean.
func fetchDeferred(u string) ([]byte, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// statusBeforeClose returns on a bad status before the Close it places afterwards.
func statusBeforeClose(u string) ([]byte, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// drainThenClose drains the body with io.Copy(io.Discard, ...) and closes it: clean.
func drainThenClose(u string) (int, error) {
	resp, err := http.Get(u)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, nil
}

// decodeNoClose decodes JSON from the body and never closes it; the decode-error return is the io.EOF one.
func decodeNoClose(u string) (map[string]any, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	var v map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// decodeDeferred decodes JSON from the body with a deferred Close: clean.
func decodeDeferred(u string) (map[string]any, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var v map[string]any
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v, err
}

// bodyReturned hands the body to the caller, who must close it: clean.
func bodyReturned(u string) (io.ReadCloser, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// responseReturned hands the whole response to the caller: clean.
func responseReturned(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// readAllLeak returns the io.ReadAll error without closing; the success
// path closes. The failed read already made net/http close the
// connection: no socket is held, and only -closewait.drained reports it.
func readAllLeak(u string) (string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	return string(b), nil
}

// headStatus issues a HEAD request and never closes its body: a HEAD
// response has none, and net/http reused the connection once the headers
// were read, so no socket is held (withheld: see drainedflag/head.go).
func headStatus(u string) int {
	res, err := http.Head(u)
	if err != nil {
		return 0
	}
	return res.StatusCode
}

// headStatusClosed closes the HEAD response body: clean.
func headStatusClosed(u string) int {
	res, err := http.Head(u)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// postLeak posts and only closes the body on the success branch.
func postLeak(u string, payload string) error {
	resp, err := http.Post(u, "text/plain", strings.NewReader(payload)) // want `response body resp\.Body from http\.Post is not closed on the error return`
	if err != nil {
		return err
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("post: %s", resp.Status)
	}
	return resp.Body.Close()
}

// postFormClosed posts a form and defers the Close: clean.
func postFormClosed(u string, form url.Values) (int, error) {
	resp, err := http.PostForm(u, form)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// postFormLeak posts a form and ignores the body entirely.
func postFormLeak(u string, form url.Values) error {
	resp, err := http.PostForm(u, form) // want `response body resp\.Body from http\.PostForm is not closed on the return`
	if err != nil {
		return err
	}
	_ = resp.Header.Get("Location")
	return nil
}

// bodyAliasClosed closes the body through a local alias: clean.
func bodyAliasClosed(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	body := resp.Body
	defer body.Close()
	_, err = io.Copy(io.Discard, body)
	return err
}

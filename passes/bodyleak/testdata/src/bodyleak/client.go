package bodyleak

import (
	"bytes"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
)

type result struct {
	resp *http.Response
}

// doDeferred sends the request with client.Do and defers the Close: clean.
func doDeferred(client *http.Client, req *http.Request) ([]byte, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// doStatusOnly checks only the status code from client.Do and drops the body.
func doStatusOnly(client *http.Client, req *http.Request) (bool, error) {
	resp, err := client.Do(req) // want `response body resp\.Body from client\.Do is not closed on the return`
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

// doDiscarded throws the response away: there is no variable to close.
func doDiscarded(client *http.Client, req *http.Request) error {
	_, err := client.Do(req) // want `response body from client\.Do is not closed on the return`
	return err
}

// nilCheckPattern closes the body whenever a response exists, even alongside an error: clean.
func nilCheckPattern(client *http.Client, req *http.Request) error {
	resp, err := client.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// nilCheckInline closes the body inline under a nil check at the end: clean.
func nilCheckInline(client *http.Client, u string) (int, error) {
	resp, err := client.Get(u)
	if err != nil {
		return 0, err
	}
	code := resp.StatusCode
	if resp != nil {
		resp.Body.Close()
	}
	return code, nil
}

// clientGetLeak returns early on a redirect status without closing the body.
func clientGetLeak(client *http.Client, u string) ([]byte, error) {
	r, err := client.Get(u) // want `response body r\.Body from client\.Get is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if r.StatusCode/100 == 3 {
		return nil, errors.New("unexpected redirect")
	}
	defer r.Body.Close()
	return io.ReadAll(r.Body)
}

// clientHeadPostForm uses client.Head, client.Post and client.PostForm and closes every body: clean.
func clientHeadPostForm(client *http.Client, u string, form url.Values) error {
	h, err := client.Head(u)
	if err != nil {
		return err
	}
	h.Body.Close()
	p, err := client.Post(u, "application/json", bytes.NewReader([]byte("{}")))
	if err != nil {
		return err
	}
	defer p.Body.Close()
	f, err := client.PostForm(u, form)
	if err != nil {
		return err
	}
	return f.Body.Close()
}

// clientPostLeak sends with client.Post and falls off the end without closing.
func clientPostLeak(client *http.Client, u string, data []byte) {
	resp, err := client.Post(u, "application/octet-stream", bytes.NewReader(data)) // want `response body resp\.Body from client\.Post is not closed on the return`
	if err != nil {
		log.Print(err)
		return
	}
	log.Print(resp.Status)
}

// roundTripLeak uses a RoundTripper directly and leaks the body on a bad status.
func roundTripLeak(rt http.RoundTripper, req *http.Request) (io.ReadCloser, error) {
	resp, err := rt.RoundTrip(req) // want `response body resp\.Body from rt\.RoundTrip is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return resp.Body, nil
}

// transportRoundTrip uses *http.Transport.RoundTrip and closes the body on every path: clean.
func transportRoundTrip(tr *http.Transport, req *http.Request) (int, error) {
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// transportRoundTripLeak uses *http.Transport.RoundTrip and never closes the body.
func transportRoundTripLeak(tr *http.Transport, req *http.Request) http.Header {
	resp, err := tr.RoundTrip(req) // want `response body resp\.Body from tr\.RoundTrip is not closed on the return`
	if err != nil {
		return nil
	}
	return resp.Header
}

// recorderResult reads a ResponseRecorder's Result, which holds no connection: clean.
func recorderResult(h http.Handler, req *http.Request) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	return res.StatusCode
}

// recorderResultInline uses httptest.NewRecorder().Result() inline: clean.
func recorderResultInline() string {
	return httptest.NewRecorder().Result().Status
}

// storedResult stores the response in a struct that the caller receives: clean.
func storedResult(client *http.Client, req *http.Request) (*result, error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	return &result{resp: resp}, nil
}

// sentResponse sends the response on a channel: clean.
func sentResponse(u string, out chan<- *http.Response) {
	resp, err := http.Get(u)
	if err != nil {
		return
	}
	out <- resp
}

// fatalOnStatus exits with log.Fatalf on a bad status before the Close: clean.
func fatalOnStatus(u string) {
	resp, err := http.Get(u)
	if err != nil {
		log.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		log.Fatalf("status %s", resp.Status)
	}
	defer resp.Body.Close()
	io.Copy(os.Stdout, resp.Body)
}

// cleanupBody registers the Close with t.Cleanup: clean.
func cleanupBody(t *testing.T, srvURL string) *http.Response {
	resp, err := http.Get(srvURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// testStatusLeak checks the status with t.Errorf (no unwind) and returns without closing.
func testStatusLeak(t *testing.T, srvURL string) {
	resp, err := http.Get(srvURL) // want `response body resp\.Body from http\.Get is not closed on the return`
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d", resp.StatusCode)
		return
	}
	resp.Body.Close()
}

// testStatusFatal checks the status with t.Fatalf (which unwinds) before the Close: clean.
func testStatusFatal(t *testing.T, srvURL string) {
	resp, err := http.Get(srvURL)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	resp.Body.Close()
}

// connNotABody leaks a conn, which only connleak reports: clean here.
func connNotABody(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	c.Write([]byte("x"))
}

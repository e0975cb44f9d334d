package connreuse

import (
	"io"
	"net/http"
)

var noKeepAlive = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // want `keep-alives are off \(DisableKeepAlives: true\) on the http\.Transport in noKeepAlive, used in the handler poll`

func poll(w http.ResponseWriter, r *http.Request) {
	resp, err := noKeepAlive.Get("http://backend/")
	if err != nil {
		return
	}
	resp.Body.Close()
}

func sendAll(urls []string) {
	t := &http.Transport{DisableKeepAlives: true} // want `http\.Transport t is created per call to sendAll and dropped` `keep-alives are off \(DisableKeepAlives: true\) on the http\.Transport used in a loop`
	c := &http.Client{Transport: t}
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func closeEach(urls []string) {
	for _, u := range urls {
		req, err := http.NewRequest("GET", u, nil)
		if err != nil {
			continue
		}
		req.Close = true // want `keep-alives are off \(Close: true\) on a request made in a loop`
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// serverClose sets Close on the request it received: that is no client
// keep-alive setting, and net/http's server decides whether to keep the
// connection from the request as it read it, so nothing is reported.
func serverClose(w http.ResponseWriter, r *http.Request) {
	r.Close = true
}

// forwardClose sends a request of its own per incoming request, with
// keep-alives off.
func forwardClose(w http.ResponseWriter, r *http.Request) {
	out, err := http.NewRequest("GET", "http://backend/", nil)
	if err != nil {
		return
	}
	out.Close = true // want `keep-alives are off \(Close: true\) on a request made in the handler forwardClose`
	resp, err := http.DefaultClient.Do(out)
	if err != nil {
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// Correct twins: one-shot requests.

func oneShot(u string) error {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return err
	}
	req.Close = true // once per call: not reported
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

var oneShotClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func once() error {
	resp, err := oneShotClient.Get("http://backend/")
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

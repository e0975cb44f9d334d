package connreuse

import (
	"io"
	"net/http"
)

var noKeepAlive = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // want `keep-alives are turned off \(DisableKeepAlives: true\) on the http\.Transport in noKeepAlive, used in the handler poll`

func poll(w http.ResponseWriter, r *http.Request) {
	resp, err := noKeepAlive.Get("http://backend/")
	if err != nil {
		return
	}
	resp.Body.Close()
}

func sendAll(urls []string) {
	t := &http.Transport{DisableKeepAlives: true} // want `http\.Transport t is created per call to sendAll and dropped` `keep-alives are turned off \(DisableKeepAlives: true\) on the http\.Transport used in a loop`
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
		req.Close = true // want `keep-alives are turned off \(Close: true\) on a request made in a loop`
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func serverClose(w http.ResponseWriter, r *http.Request) {
	r.Close = true // want `keep-alives are turned off \(Close: true\) on a request made in the handler serverClose`
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

package connreuse

import (
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"time"
)

func fetch(url string) error {
	t := &http.Transport{MaxIdleConns: 10} // want `http\.Transport t is created per call to fetch and dropped`
	client := &http.Client{Transport: t, Timeout: time.Second}
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func fetchInline(url string) error {
	client := http.Client{Transport: &http.Transport{}} // want `an http\.Transport is created per call to fetchInline and dropped`
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func fetchClone(req *http.Request) error {
	t := http.DefaultTransport.(*http.Transport).Clone() // want `http\.Transport clone t is created per call to fetchClone and dropped`
	t.MaxIdleConnsPerHost = 4
	resp, err := t.RoundTrip(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func handler(w http.ResponseWriter, r *http.Request) {
	t := &http.Transport{} // want `http\.Transport t is created per request in the handler handler and dropped`
	resp, err := (&http.Client{Transport: t}).Get("http://backend/")
	if err != nil {
		return
	}
	resp.Body.Close()
}

func proxy(w http.ResponseWriter, r *http.Request) {
	u, _ := url.Parse("http://backend")
	p := httputil.NewSingleHostReverseProxy(u)
	p.Transport = &http.Transport{} // want `an http\.Transport is created per request in the handler proxy and dropped`
	p.ServeHTTP(w, r)
}

func fetchAll(urls []string) {
	for _, u := range urls {
		c := &http.Client{Transport: &http.Transport{}} // want `an http\.Transport is created per iteration of a loop in fetchAll and dropped`
		if resp, err := c.Get(u); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
}

// Correct twins.

var shared = &http.Transport{}

func fetchShared(url string) error {
	client := &http.Client{Transport: shared} // a fresh client around a shared Transport: fine
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func fetchDefault(url string) error {
	client := &http.Client{Timeout: time.Second} // the default Transport
	resp, err := client.Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func newClient() *http.Client {
	return &http.Client{Transport: &http.Transport{}} // returned: the caller may keep it
}

type api struct{ client *http.Client }

func (a *api) init() {
	a.client = &http.Client{Transport: &http.Transport{}} // stored in a field
}

func configure(t *http.Transport) {}

func fetchHandedOn(url string) error {
	t := &http.Transport{}
	configure(t) // handed on: it may be kept
	resp, err := (&http.Client{Transport: t}).Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func unused() *http.Transport {
	t := &http.Transport{}
	t.MaxIdleConns = 1
	return t
}

func neverSends() {
	t := &http.Transport{}
	t.CloseIdleConnections() // no request goes through it
}

func fetchDialer(url string) error {
	d := &net.Dialer{Timeout: time.Second}
	t := &http.Transport{DialContext: d.DialContext} // want `http\.Transport t is created per call to fetchDialer and dropped`
	resp, err := (&http.Client{Transport: t}).Get(url)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// As httputil.DumpRequestOut: the dialer returns an in-memory conn.
func fetchInMemory(req *http.Request) error {
	t := &http.Transport{Dial: func(network, addr string) (net.Conn, error) {
		c, _ := net.Pipe()
		return c, nil
	}}
	resp, err := t.RoundTrip(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

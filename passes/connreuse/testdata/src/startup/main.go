// Package main is a command whose start-up code builds Transports once.
package main

import (
	"io"
	"net/http"
)

func main() {
	t := &http.Transport{} // in main: once per process
	c := &http.Client{Transport: t}
	if resp, err := c.Get("http://example.com/"); err == nil {
		resp.Body.Close()
	}
	check("http://example.com/health")
	for i := 0; i < 3; i++ {
		c := &http.Client{Transport: &http.Transport{}} // want `an http\.Transport is created per iteration of a loop in main and dropped`
		if resp, err := c.Get("http://example.com/"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		poll()
	}
	dka := &http.Transport{DisableKeepAlives: true} // want `keep-alives are off \(DisableKeepAlives: true\) on the http\.Transport used in a loop`
	dc := &http.Client{Transport: dka}
	for i := 0; i < 3; i++ {
		if resp, err := dc.Get("http://example.com/"); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	oneShot := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}} // one request: fine
	if resp, err := oneShot.Get("http://example.com/"); err == nil {
		resp.Body.Close()
	}
}

// check is called once, by main: its Transport is built once.
func check(url string) {
	c := &http.Client{Transport: &http.Transport{}}
	if resp, err := c.Get(url); err == nil {
		resp.Body.Close()
	}
}

// poll is called in a loop.
func poll() {
	c := &http.Client{Transport: &http.Transport{}} // want `an http\.Transport is created per call to poll and dropped`
	if resp, err := c.Get("http://example.com/"); err == nil {
		resp.Body.Close()
	}
}

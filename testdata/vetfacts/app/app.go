// Package app uses helpers; every finding here needs a fact from helpers.
package app

import (
	"net"
	"net/http"

	"example.com/vetfacts/helpers"
)

// ping leaks the conn of helpers.Dial on a read error.
func ping(addr string) error {
	c, err := helpers.Dial(addr) // LEAK(connleak)
	if err != nil {
		return err
	}
	buf := make([]byte, 1)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	return c.Close()
}

// get lets helpers.CloseBody close the body: clean.
func get(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	helpers.CloseBody(resp)
	return nil
}

// serve hands each conn to helpers.Echo, which never closes it.
func serve(ln net.Listener) error {
	for {
		c, err := ln.Accept() // LEAK(connleak)
		if err != nil {
			return err
		}
		go helpers.Echo(c)
	}
}

package listenerleak

import (
	"errors"
	"net"
)

// keepAlive fails only for the "https" scheme without a config (a
// listener wrapper's option check).
func keepAlive(ln net.Listener, scheme string, cfg *int) (net.Listener, error) {
	if scheme == "https" {
		if cfg == nil {
			return nil, errors.New("https needs a config")
		}
	}
	return ln, nil
}

// listenTCP calls it with "tcp": its error branch cannot be taken.
func listenTCP(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	kl, err := keepAlive(ln, "tcp", nil)
	if err != nil {
		return nil, err
	}
	return kl, nil
}

// listenHTTPS is its twin: with "https" and no config it fails, leaving
// the listener bound.
func listenHTTPS(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return at line 41`
	if err != nil {
		return nil, err
	}
	kl, err := keepAlive(ln, "https", nil)
	if err != nil {
		return nil, err
	}
	return kl, nil
}

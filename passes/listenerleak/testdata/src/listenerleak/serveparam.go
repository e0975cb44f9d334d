package listenerleak

import (
	"errors"
	"net"
	"net/http"
)

var errNoTLS = errors.New("no TLS configuration")

func tlsConfigFor(path string) (string, error) {
	if path == "" {
		return "", errNoTLS
	}
	return path, nil
}

// ServeWithConfig serves on l, which its caller made and closes after the
// call: handing l to the server on the fallback path (no TLS
// configuration) does not show that it owns l, so its other error
// returns are its caller's to clean up (silent).
func ServeWithConfig(l net.Listener, srv *http.Server, path string) error {
	if path == "bad" {
		return errors.New("bad path")
	}
	cfg, err := tlsConfigFor(path)
	switch err {
	case nil:
	case errNoTLS:
		return srv.Serve(l)
	default:
		return err
	}
	_ = cfg
	return srv.ServeTLS(l, "", "")
}

// ServeClosing closes l itself on one failure and forgets it on another:
// it owns l, and the other error return leaks it.
func ServeClosing(l net.Listener, srv *http.Server, path string) error { // want `net\.Listener parameter l is not closed on the error return at line 46`
	if _, err := tlsConfigFor(path); err != nil {
		l.Close()
		return err
	}
	if _, err := tlsConfigFor(path + ".bak"); err != nil {
		return err
	}
	return srv.Serve(l)
}

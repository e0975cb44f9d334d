package listenerleak

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"testing"
)

type server struct {
	ln net.Listener
}

var listeners = map[string]net.Listener{}

// serveHTTP hands the listener to http.Serve, which owns and closes it: clean.
func serveHTTP(addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return http.Serve(ln, h)
}

// serveServer hands the listener to (*http.Server).Serve: clean.
func serveServer(srv *http.Server, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return srv.Serve(ln)
}

// serveServerTLS hands the listener to (*http.Server).ServeTLS in a goroutine: clean.
func serveServerTLS(srv *http.Server, addr, cert, key string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	go srv.ServeTLS(ln, cert, key)
	return nil
}

// serveHTTPTLS hands the listener to http.ServeTLS, whose certificate error leaves it open.
func serveHTTPTLS(addr string, h http.Handler) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return at line 54`
	if err != nil {
		return err
	}
	return http.ServeTLS(ln, h, "cert.pem", "key.pem")
}

// serveAfterCheck returns an error before reaching srv.Serve and leaks the listener on that path.
func serveAfterCheck(srv *http.Server, addr string) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return err
	}
	if srv.Handler == nil {
		return errors.New("no handler")
	}
	return srv.Serve(ln)
}

// tlsNewListenerServe wraps the listener with tls.NewListener (which owns it) and serves the wrapper: clean.
func tlsNewListenerServe(srv *http.Server, cfg *tls.Config) error {
	ln, err := net.Listen("tcp", ":443")
	if err != nil {
		return err
	}
	return srv.Serve(tls.NewListener(ln, cfg))
}

// tlsNewListenerDeferred closes the tls.NewListener wrapper, which closes the inner listener: clean.
func tlsNewListenerDeferred(cfg *tls.Config) (net.Conn, error) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return nil, err
	}
	tl := tls.NewListener(ln, cfg)
	defer tl.Close()
	return tl.Accept()
}

// tlsNewListenerDropped wraps the listener but closes neither the wrapper nor the listener.
func tlsNewListenerDropped(cfg *tls.Config) (net.Conn, error) {
	ln, err := net.Listen("tcp", ":0") // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return nil, err
	}
	tl := tls.NewListener(ln, cfg)
	c, err := tl.Accept()
	if err != nil {
		return nil, err
	}
	return c, nil
}

// newServer stores the listener in a returned struct: clean.
func newServer(addr string) (*server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &server{ln: ln}, nil
}

// register stores the listener in a package-level map: clean.
func register(name, addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	listeners[name] = ln
	return nil
}

// listenToChannel sends the listener to another goroutine: clean.
func listenToChannel(addr string, out chan<- net.Listener) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return
	}
	out <- ln
}

// listenCleanup registers the Close with t.Cleanup: clean.
func listenCleanup(t *testing.T) net.Addr {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr()
}

// listenFatal exits via log.Fatal on the only path without a Close: clean.
func listenFatal(addr string, h http.Handler) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	if h == nil {
		log.Fatalf("no handler for %s", ln.Addr())
	}
	log.Fatal(http.Serve(ln, h))
}

// listenDeferClosure closes the listener in a deferred closure: clean.
func listenDeferClosure(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer func() {
		if err := ln.Close(); err != nil {
			log.Print(err)
		}
	}()
	_, err = ln.Accept()
	return err
}

// acceptOneLeaksConn leaks the accepted conn, which only connleak reports; the listener is deferred-closed: clean here.
func acceptOneLeaksConn(addr string) ([]byte, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	c, err := ln.Accept()
	if err != nil {
		return nil, err
	}
	return io.ReadAll(c)
}

// dialLeaksConn leaks a dialed conn; listenerleak reports nothing: clean here.
func dialLeaksConn(addr string) net.Addr {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil
	}
	return c.LocalAddr()
}

// listenGeneric is a generic function that listens and leaks on the validation error.
func listenGeneric[T comparable](addr string, want, got T) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if want != got {
		return nil, fmt.Errorf("want %v, got %v", want, got)
	}
	return ln, nil
}

// serveWithListener is a same-package helper that closes its listener on every path.
func serveWithListener(ln net.Listener) {
	defer ln.Close()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// listenAndHelp hands the listener to serveWithListener in a goroutine, which closes it: clean.
func listenAndHelp(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	go serveWithListener(ln)
	return nil
}

package listenerleak

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
)

// A tlsServer keeps the listeners it serves; serveTLS returns a
// certificate error before it takes the listener (fasthttp's ServeTLS).
type tlsServer struct {
	lns  []net.Listener
	cert string
}

func (s *tlsServer) appendCert(file string) error {
	if file == "" {
		return errors.New("no certificate")
	}
	s.cert = file
	return nil
}

func (s *tlsServer) serve(ln net.Listener) error {
	s.lns = append(s.lns, ln)
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// serveTLS takes ln only when it gets as far as serve: its certificate
// error leaves ln open, and the caller still owns it there.
func (s *tlsServer) serveTLS(ln net.Listener, cert string) error {
	if err := s.appendCert(cert); err != nil {
		return err
	}
	return s.serve(tls.NewListener(ln, &tls.Config{}))
}

// listenAndServeTLS returns serveTLS's error with the listener still open
// when the certificate fails.
func (s *tlsServer) listenAndServeTLS(addr, cert string) error {
	ln, err := net.Listen("tcp4", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return err
	}
	return s.serveTLS(ln, cert)
}

// listenAndServeTLSClean closes the listener when serveTLS fails: clean.
func (s *tlsServer) listenAndServeTLSClean(addr, cert string) error {
	ln, err := net.Listen("tcp4", addr)
	if err != nil {
		return err
	}
	if err := s.serveTLS(ln, cert); err != nil {
		ln.Close()
		return err
	}
	return nil
}

// listenAndServeTLSTested drops the listener on serveTLS's error edge.
func (s *tlsServer) listenAndServeTLSTested(addr, cert string) error {
	ln, err := net.Listen("tcp4", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return err
	}
	if err := s.serveTLS(ln, cert); err != nil {
		return err
	}
	return nil
}

// listenAndServeTLSAsync serves in a goroutine, which leaves the listener
// open when the certificate fails, and nobody closes it then.
func (s *tlsServer) listenAndServeTLSAsync(addr, cert string) error {
	ln, err := net.Listen("tcp4", addr) // want `net\.Listener ln from net\.Listen is not closed by serveTLS, which takes it, on its error return`
	if err != nil {
		return err
	}
	go s.serveTLS(ln, cert)
	return nil
}

// track keeps the listener before it can fail: it never leaves it open,
// so its error edge owns nothing.
func (s *tlsServer) track(ln net.Listener) error {
	s.lns = append(s.lns, ln)
	if len(s.lns) > 8 {
		return errors.New("too many listeners")
	}
	return nil
}

// listenTracked hands the listener to track, which keeps it on every
// path: clean.
func (s *tlsServer) listenTracked(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if err := s.track(ln); err != nil {
		return err
	}
	return nil
}

// listenAndServeHTTPTLS returns (*http.Server).ServeTLS's error, which
// may be a certificate error returned before it took the listener.
func listenAndServeHTTPTLS(srv *http.Server, addr, cert, key string) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return err
	}
	return srv.ServeTLS(ln, cert, key)
}

// listenAndServeHTTPTLSClean closes the listener itself: clean.
func listenAndServeHTTPTLSClean(srv *http.Server, addr, cert, key string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	return srv.ServeTLS(ln, cert, key)
}

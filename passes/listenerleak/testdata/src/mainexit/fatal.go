package main

import (
	"errors"
	"log"
	"net"
	"net/http"
)

// start hands the results of run and of proxy.ListenAndServe to log.Fatal,
// which ends the process whatever it gets; setup's error it only logs.
func start(addr string) {
	if addr == "" {
		log.Fatal(run(addr))
	}
	if err := setup(addr); err != nil {
		log.Print(err)
	}
	log.Fatalf("proxy: %s", (&proxy{addr: addr}).ListenAndServe())
}

// run's every caller hands its result to log.Fatal: the process exits on
// each of its returns, and the kernel closes the listener: clean.
func run(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if addr == "0.0.0.0:80" {
		return errors.New("refusing the privileged port")
	}
	return http.Serve(ln, nil)
}

type proxy struct{ addr string }

// ListenAndServe's one caller hands its result to log.Fatalf, and package
// main never converts a proxy to an interface, so no other caller exists
// (tcpproxy's tlsrouter): clean.
func (p *proxy) ListenAndServe() error {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	return p.serve(ln)
}

// serve accepts until Accept fails, leaving l to its caller.
func (p *proxy) serve(l net.Listener) error {
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// setup's caller goes on after it: the listener it drops stays bound for
// the life of the process.
func setup(addr string) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return at line \d+`
	if err != nil {
		return err
	}
	if ln.Addr().String() == "" {
		return errors.New("no address")
	}
	return ln.Close()
}

// A server is converted to an interface (register), so its
// ListenAndServe may have callers this package cannot see.
type server struct{ addr string }

var servers []interface{ ListenAndServe() error }

func register(s *server) { servers = append(servers, s) }

// ListenAndServe leaks the listener on its error return.
func (s *server) ListenAndServe() error {
	ln, err := net.Listen("tcp", s.addr) // want `net\.Listener ln from net\.Listen is not closed on the error return at line \d+`
	if err != nil {
		return err
	}
	if s.addr == "" {
		return errors.New("no address")
	}
	return http.Serve(ln, nil)
}

func startServer(s *server) {
	log.Fatal(s.ListenAndServe())
}

// A relay's Run is also used as a method value, which calls it where
// this package's calls cannot be seen.
type relay struct{ addr string }

func startRelay(r *relay) {
	log.Fatal(r.Run())
}

func startRelayLater(r *relay) func() error {
	return r.Run
}

// Run leaks the listener on its error return.
func (r *relay) Run() error {
	ln, err := net.Listen("tcp", r.addr) // want `net\.Listener ln from net\.Listen is not closed on the error return at line \d+`
	if err != nil {
		return err
	}
	if r.addr == "" {
		return errors.New("no address")
	}
	return http.Serve(ln, nil)
}

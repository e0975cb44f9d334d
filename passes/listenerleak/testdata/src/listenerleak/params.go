package listenerleak

import (
	"errors"
	"net"
	"sync"
)

var errStopped = errors.New("server stopped")

// A grpcServer tracks the listeners it serves.
type grpcServer struct {
	mu  sync.Mutex
	lis map[net.Listener]bool
}

// serve owns lis: it closes it in a deferred call on every return after
// it registers it, but returns errStopped before that with lis open (the
// caller cannot tell that error from the others).
func (s *grpcServer) serve(lis net.Listener) error { // want `net\.Listener parameter lis is not closed on the error return`
	s.mu.Lock()
	if s.lis == nil {
		s.mu.Unlock()
		return errStopped
	}
	s.lis[lis] = true
	s.mu.Unlock()
	defer func() {
		lis.Close()
		s.mu.Lock()
		delete(s.lis, lis)
		s.mu.Unlock()
	}()
	for {
		c, err := lis.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// serveClean closes lis before it returns errStopped: clean.
func (s *grpcServer) serveClean(lis net.Listener) error {
	s.mu.Lock()
	if s.lis == nil {
		s.mu.Unlock()
		lis.Close()
		return errStopped
	}
	s.lis[lis] = true
	s.mu.Unlock()
	defer lis.Close()
	for {
		c, err := lis.Accept()
		if err != nil {
			return err
		}
		c.Close()
	}
}

// serveNoErr has no error result: its early return is not a failure the
// caller sees, so the caller keeps lis there (silent).
func (s *grpcServer) serveNoErr(lis net.Listener) {
	if s.lis == nil {
		return
	}
	defer lis.Close()
	for {
		c, err := lis.Accept()
		if err != nil {
			return
		}
		c.Close()
	}
}

// serveBorrowed never closes lis: the caller owns it (silent).
func (s *grpcServer) serveBorrowed(lis net.Listener) error {
	if s.lis == nil {
		return errStopped
	}
	c, err := lis.Accept()
	if err != nil {
		return err
	}
	return c.Close()
}

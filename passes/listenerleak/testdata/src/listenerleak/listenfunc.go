package listenerleak

import (
	"net"
	"strings"
)

// A server whose listeners come from a configurable func field named for
// what it does (a Listen hook defaulting to net.Listen).
type hookedServer struct {
	Listen func(network, address string) (net.Listener, error)
}

// controlListener drops the listener when the address it got is refused.
func controlListener(s *hookedServer, address string) (net.Listener, error) {
	ln, err := s.Listen("tcp", address) // want `net\.Listener ln from s\.Listen is not closed on the error return at line 21`
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(ln.Addr().String(), "0.0.0.0") {
		return nil, net.UnknownNetworkError("wildcard")
	}
	return ln, nil
}

// controlListenerClean closes it there: clean.
func controlListenerClean(s *hookedServer, address string) (net.Listener, error) {
	ln, err := s.Listen("tcp", address)
	if err != nil {
		return nil, err
	}
	if strings.HasPrefix(ln.Addr().String(), "0.0.0.0") {
		ln.Close()
		return nil, net.UnknownNetworkError("wildcard")
	}
	return ln, nil
}

package listenerleak

import (
	"context"
	"errors"
	"net"
)

// tcpListener asserts the concrete type that a "tcp" listen returns: the
// failure return is the program asking for another kind of socket than it
// made, not reported (gobgp's *net.TCPListener check): clean.
func tcpListener(ctx context.Context, network, addr string) (*net.TCPListener, error) {
	var lc net.ListenConfig
	l, err := lc.Listen(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	tl, ok := l.(*net.TCPListener)
	if !ok {
		return nil, errors.New("not a TCP listener")
	}
	return tl, nil
}

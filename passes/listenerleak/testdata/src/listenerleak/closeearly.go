package listenerleak

import "net"

type closer interface{ Close() error }

// gateway's Close returns when closing its upstream fails, before it
// closes the listener it opened.
type gateway struct {
	upstream closer
	ln       net.Listener
}

func openGateway(addr string, up closer) (*gateway, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &gateway{upstream: up, ln: ln}, nil
}

func (g *gateway) Close() error { // want `net\.Listener g\.ln is not closed on the error return at line 24: Close returns there when closing another part fails, before it closes field ln \(the port stays bound and its fd leaks\)`
	if err := g.upstream.Close(); err != nil {
		return err
	}
	return g.ln.Close()
}

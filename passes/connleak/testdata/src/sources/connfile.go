package sources

import (
	"net"
	"os"
	"sync"
)

// A registry keyed by the socket's descriptor number (TarsGo's tcpHandler):
// conn.File() returns a duplicate descriptor of the socket, an *os.File the
// caller must close; while it is open, the socket stays open too, even
// after the conn itself is closed.
type fdRegistry struct {
	mu    sync.Mutex
	conns map[uintptr]*net.TCPConn
}

// register keeps the duplicate open: the peer's FIN leaves the socket in
// CLOSE_WAIT although serve closes conn.
func (r *fdRegistry) register(conn *net.TCPConn) {
	fd, err := conn.File() // want `\*os\.File fd from conn\.File is not closed on the return at line 28`
	if err != nil {
		return
	}
	r.mu.Lock()
	r.conns[fd.Fd()] = conn
	r.mu.Unlock()
}

// registerClean closes the duplicate once it has its number: clean.
func (r *fdRegistry) registerClean(conn *net.TCPConn) {
	fd, err := conn.File()
	if err != nil {
		return
	}
	defer fd.Close()
	r.mu.Lock()
	r.conns[fd.Fd()] = conn
	r.mu.Unlock()
}

// listenerFile hands the duplicate of a listener's socket to its caller
// (a graceful restart passes it to the child): clean.
func listenerFile(ln *net.TCPListener) (uintptr, func() error, error) {
	f, err := ln.File()
	if err != nil {
		return 0, nil, err
	}
	return f.Fd(), f.Close, nil
}

// A child process inherits the listener's socket (a graceful restart):
// the duplicate goes in a slice literal stored in a field, which the
// engine once crashed on (fasthttp's prefork). The command owns it.
func inherit(ln *net.TCPListener, cmd *childCmd) error {
	f, err := ln.File()
	if err != nil {
		return err
	}
	cmd.ExtraFiles = []*os.File{f}
	return cmd.Start()
}

type childCmd struct{ ExtraFiles []*os.File }

func (c *childCmd) Start() error { return nil }

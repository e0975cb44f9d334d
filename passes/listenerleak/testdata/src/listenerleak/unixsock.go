package listenerleak

import (
	"errors"
	"net"
	"os"
)

// listenSocket leaves a unix listener open when the permissions cannot be
// set: a unix socket has no port, but its path stays bound.
func listenSocket(path string) (net.Listener, error) {
	ln, err := net.Listen("unix", path) // want `net\.Listener ln from net\.Listen is not closed on the error return at line \d+ \(its socket path stays bound and its fd leaks\)`
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, errors.New("chmod failed")
	}
	return ln, nil
}

// listenSocketClosed closes it there: clean.
func listenSocketClosed(path string) (net.Listener, error) {
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, errors.New("chmod failed")
	}
	return ln, nil
}

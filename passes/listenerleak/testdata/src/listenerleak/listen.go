package listenerleak

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"os"
)

// freePort binds a listener only to learn a free port and never closes it: the port stays bound.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // want `net\.Listener ln from net\.Listen is not closed on the return`
	if err != nil {
		return 0, err
	}
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// freePortClosed closes the listener before returning the port: clean.
func freePortClosed() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// acceptUntilError returns the Accept error and leaves the listener bound.
func acceptUntilError(addr string, handle func(net.Conn)) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return err
	}
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}

// acceptUntilErrorDeferred defers the listener's Close: clean.
func acceptUntilErrorDeferred(addr string, handle func(net.Conn)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go handle(c)
	}
}

// listenTCPLeak leaks the *net.TCPListener when File fails (no fd left
// for the dup).
func listenTCPLeak(laddr *net.TCPAddr) (*net.TCPListener, error) {
	ln, err := net.ListenTCP("tcp", laddr) // want `\*net\.TCPListener ln from net\.ListenTCP is not closed on the error return`
	if err != nil {
		return nil, err
	}
	f, err := ln.File()
	if err != nil {
		return nil, err
	}
	f.Close()
	return ln, nil
}

// listenUnixClosedOnError closes the *net.UnixListener on the failure path and returns it otherwise: clean.
func listenUnixClosedOnError(laddr *net.UnixAddr) (*net.UnixListener, error) {
	ln, err := net.ListenUnix("unix", laddr)
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(laddr.Name, 0o600); err != nil {
		ln.Close()
		return nil, err
	}
	return ln, nil
}

// listenUnixLeak forgets the *net.UnixListener when chmod fails.
func listenUnixLeak(laddr *net.UnixAddr) (*net.UnixListener, error) {
	ln, err := net.ListenUnix("unix", laddr) // want `\*net\.UnixListener ln from net\.ListenUnix is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if err := os.Chmod(laddr.Name, 0o600); err != nil {
		return nil, err
	}
	return ln, nil
}

// tlsListenLeak checks the bound address and returns an error without closing the tls.Listen listener.
func tlsListenLeak(addr string, cfg *tls.Config) (net.Listener, error) {
	ln, err := tls.Listen("tcp", addr, cfg) // want `net\.Listener ln from tls\.Listen is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if ln.Addr().Network() != "tcp" {
		return nil, errors.New("not tcp")
	}
	return ln, nil
}

// listenConfigLeak uses (*net.ListenConfig).Listen and returns only the address.
func listenConfigLeak(ctx context.Context, lc *net.ListenConfig) string {
	ln, err := lc.Listen(ctx, "tcp", ":0") // want `net\.Listener ln from lc\.Listen is not closed on the return`
	if err != nil {
		return ""
	}
	return ln.Addr().String()
}

// fileListenerReturned rebuilds a listener from an inherited fd and returns it: clean.
func fileListenerReturned(f *os.File) (net.Listener, error) {
	ln, err := net.FileListener(f)
	if err != nil {
		return nil, err
	}
	return ln, nil
}

// fileListenerLeak drops the inherited listener when the fd is not TCP.
func fileListenerLeak(f *os.File) (*net.TCPListener, error) {
	ln, err := net.FileListener(f) // want `net\.Listener ln from net\.FileListener is not closed on the error return`
	if err != nil {
		return nil, err
	}
	tl, ok := ln.(*net.TCPListener)
	if !ok {
		return nil, errors.New("not a TCP listener")
	}
	return tl, nil
}

// rebindOverwrite listens twice into the same variable; the first listener stays bound.
func rebindOverwrite(a, b string) error {
	ln, err := net.Listen("tcp", a) // want `net\.Listener ln from net\.Listen is not closed when ln is overwritten`
	if err != nil {
		return err
	}
	_ = ln.Addr()
	ln, err = net.Listen("tcp", b)
	if err != nil {
		return err
	}
	return ln.Close()
}

// closeOnOneBranch closes the listener only when verbose is false.
func closeOnOneBranch(verbose bool) {
	ln, err := net.Listen("tcp", ":0") // want `net\.Listener ln from net\.Listen is not closed on the return`
	if err != nil {
		return
	}
	if !verbose {
		ln.Close()
		return
	}
	println(ln.Addr().String())
}

package listenerleak

import (
	"errors"
	"net"
)

func handleConn(c net.Conn) { c.Close() }

// startProxy hands its listener to an accept loop and returns only the
// address: nobody can ever close the listener. The loop's return is not
// the leak (Accept fails there because the listener was closed); the
// function's return is.
func startProxy() string {
	ln, err := net.Listen("tcp", "localhost:0") // want `net\.Listener ln from net\.Listen is not closed on the return at line 28`
	if err != nil {
		panic(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handleConn(c)
		}
	}()
	return ln.Addr().String()
}

// startChecked returns on a failed check after the listen without closing
// the listener.
func startChecked(allowed bool) (string, error) {
	ln, err := net.Listen("tcp", "localhost:0") // want `net\.Listener ln from net\.Listen is not closed on the error return at line 39 and on 1 other path`
	if err != nil {
		return "", err
	}
	if !allowed {
		return "", errors.New("not allowed")
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handleConn(c)
		}
	}()
	return ln.Addr().String(), nil
}

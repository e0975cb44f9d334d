package ownership

import (
	"crypto/tls"
	"errors"
	"net"
)

// A pqConn owns its conn; sslUpgrade replaces it with the conn an upgrade
// function value returns (lib/pq's ssl).
type pqConn struct {
	c net.Conn
}

func upgrader(mode string) (func(net.Conn) (net.Conn, error), error) {
	if mode == "" {
		return nil, errors.New("bad sslmode")
	}
	if mode == "disable" {
		return nil, nil
	}
	return func(c net.Conn) (net.Conn, error) {
		tc := tls.Client(c, &tls.Config{})
		return tc, tc.Handshake()
	}, nil
}

func (cn *pqConn) sslUpgrade(mode string) error {
	upgrade, err := upgrader(mode)
	if err != nil {
		return err
	}
	if upgrade == nil {
		return nil
	}
	if _, err := cn.c.Write([]byte{0, 0, 0, 8}); err != nil {
		return err
	}
	cn.c, err = upgrade(cn.c)
	return err
}

// openPQ drops the conn in cn.c when the upgrade fails.
func openPQ(addr, mode string) (cn *pqConn, err error) {
	cn = &pqConn{}
	cn.c, err = net.Dial("tcp", addr) // want `net\.Conn from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	if err = cn.sslUpgrade(mode); err != nil {
		return nil, err
	}
	return cn, nil
}

// openPQClean closes it.
func openPQClean(addr, mode string) (cn *pqConn, err error) {
	cn = &pqConn{}
	cn.c, err = net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	if err = cn.sslUpgrade(mode); err != nil {
		cn.c.Close()
		return nil, err
	}
	return cn, nil
}

// wrapWith hands the conn to a wrapper function value and returns what
// it gives back: the wrapper's result is the conn, still open when the
// wrapper fails.
func wrapWith(addr string, wrap func(net.Conn) (net.Conn, error)) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return nil, err
	}
	wc, err := wrap(c)
	if err != nil {
		return nil, err
	}
	return wc, nil
}

// wrapWithClean closes it when the wrapper fails.
func wrapWithClean(addr string, wrap func(net.Conn) (net.Conn, error)) (net.Conn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	wc, err := wrap(c)
	if err != nil {
		c.Close()
		return nil, err
	}
	return wc, nil
}

// keepWith hands the conn to a func value of another shape, which may
// keep it: silent.
func keepWith(addr string, keep func(net.Conn) error) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	return keep(c)
}

package ownership

import (
	"errors"
	"net"
)

// A manager keeps the conn it is given in an unexported field and has no
// Close: nothing of its type closes the conn (jsm.go's Manager over a
// NATS conn). Its constructor's caller still owns the conn, held by the
// manager: dropping both leaks it.
type manager struct {
	nc      net.Conn
	timeout int
}

func newManager(nc net.Conn, timeout int) (*manager, error) {
	m := &manager{nc: nc, timeout: timeout}
	if m.timeout < 0 {
		return nil, errors.New("bad timeout")
	}
	return m, nil
}

func (m *manager) load(name string) error {
	_, err := m.nc.Write([]byte(name))
	return err
}

func checkStream(addr string) error {
	nc, err := net.Dial("tcp", addr) // want `net\.Conn nc from net\.Dial is not closed on the error return at line 37 and on 2 other paths`
	if err != nil {
		return err
	}
	mgr, err := newManager(nc, 1)
	if err != nil {
		return err
	}
	if err := mgr.load("x"); err != nil {
		return err
	}
	return nil
}

// Clean twins: the caller closes the conn, or hands the manager on.

func checkStreamClean(addr string) error {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer nc.Close()
	mgr, err := newManager(nc, 1)
	if err != nil {
		return err
	}
	return mgr.load("x")
}

func openManager(addr string) (*manager, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	mgr, err := newManager(nc, 1)
	if err != nil {
		nc.Close()
		return nil, err
	}
	return mgr, nil
}

// Functional options set the manager's fields: they do not take the conn
// it holds (jsm.go's jsm.New(nc, opts...)).
type managerOption func(*manager) error

func withTimeout(d int) managerOption {
	return func(m *manager) error { m.timeout = d; return nil }
}

func newManagerWith(nc net.Conn, opts ...managerOption) (*manager, error) {
	m := &manager{nc: nc}
	for _, o := range opts {
		if err := o(m); err != nil {
			return nil, err
		}
	}
	return m, nil
}

func checkStreamWith(addr string) error {
	nc, err := net.Dial("tcp", addr) // want `net\.Conn nc from net\.Dial is not closed on the error return at line 98 and on 2 other paths`
	if err != nil {
		return err
	}
	mgr, err := newManagerWith(nc, withTimeout(1))
	if err != nil {
		return err
	}
	if err := mgr.load("x"); err != nil {
		return err
	}
	return nil
}

func checkStreamWithClean(addr string) error {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer nc.Close()
	mgr, err := newManagerWith(nc, withTimeout(1))
	if err != nil {
		return err
	}
	return mgr.load("x")
}

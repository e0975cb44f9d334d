package ownership

import (
	"errors"
	"net"
)

// A closure returned to the caller that uses the conn runs after the
// function has returned: the conn must outlive the return, so it goes
// with the closure, and the function is not the one to close it
// (hystrix-go's Datadog collector factory, held-back slice 14). A return
// before the closure is made still leaves the conn open.

type collector struct {
	conn net.Conn
	name string
}

func (k *collector) inc() { k.conn.Write([]byte(k.name)) }

func collectorsFor(conn net.Conn) func(string) *collector {
	return func(name string) *collector { return &collector{conn: conn, name: name} }
}

func newCollectors(addr string) (func(string) *collector, error) {
	conn, err := net.Dial("udp", addr)
	if err != nil {
		return nil, err
	}
	return collectorsFor(conn), nil
}

func newCollectorsInline(addr string) (func(string) *collector, error) {
	conn, err := net.Dial("udp", addr)
	if err != nil {
		return nil, err
	}
	return func(name string) *collector { return &collector{conn: conn, name: name} }, nil
}

func newCollectorsPrefixed(addr, prefix string) (func(string) *collector, error) {
	conn, err := net.Dial("udp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line 47`
	if err != nil {
		return nil, err
	}
	if prefix == "" {
		return nil, errors.New("no prefix")
	}
	return func(name string) *collector { return &collector{conn: conn, name: prefix + name} }, nil
}

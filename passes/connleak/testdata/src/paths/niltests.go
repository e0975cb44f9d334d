package paths

import (
	"errors"
	"net"
	"reflect"
)

// isNilConn answers true for a nil conn and for a typed nil pointer in
// the interface.
func isNilConn(c net.Conn) bool {
	return c == nil || reflect.ValueOf(c).IsNil()
}

// dialNilChecked returns under isNilConn(conn): nothing to close there.
func dialNilChecked(dial func(string, string) (net.Conn, error), addr string) (net.Conn, error) {
	conn, err := dial("tcp", addr)
	if err != nil {
		if !isNilConn(conn) {
			conn.Close()
		}
		return nil, err
	}
	if isNilConn(conn) {
		return nil, errors.New("dialer returned a nil conn")
	}
	return conn, nil
}

// isLocal answers on an open conn's address: not a nil test.
func isLocal(c net.Conn) bool {
	return c.RemoteAddr() == nil || c.RemoteAddr().Network() == "unix"
}

// dialRemote is its twin: the conn is open where isLocal is true.
func dialRemote(dial func(string, string) (net.Conn, error), addr string) (net.Conn, error) {
	conn, err := dial("tcp", addr) // want `net\.Conn conn from dial is not closed on the error return at line 42`
	if err != nil {
		return nil, err
	}
	if isLocal(conn) {
		return nil, errors.New("not a remote conn")
	}
	return conn, nil
}

package sources

import (
	"errors"
	"net"
	"time"
)

// withBackoff runs op until it succeeds, three times at most.
func withBackoff(op func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = op(); err == nil {
			return nil
		}
		time.Sleep(time.Duration(i) * time.Second)
	}
	return err
}

// dialRetried dials in a retry closure that assigns its variable, and
// drops the conn when the greeting is wrong.
func dialRetried(addr string) (net.Conn, error) {
	var conn net.Conn
	if err := withBackoff(func() error {
		var err error
		conn, err = net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line \d+`
		return err
	}); err != nil {
		return nil, err
	}
	hello := make([]byte, 2)
	if _, err := conn.Write(hello); err != nil {
		conn.Close()
		return nil, err
	}
	if hello[0] != 'h' {
		return nil, errors.New("bad greeting")
	}
	return conn, nil
}

// dialRetriedClean closes it there: clean.
func dialRetriedClean(addr string) (net.Conn, error) {
	var conn net.Conn
	if err := withBackoff(func() error {
		var err error
		conn, err = net.Dial("tcp", addr)
		return err
	}); err != nil {
		return nil, err
	}
	hello := make([]byte, 2)
	if _, err := conn.Write(hello); err != nil || hello[0] != 'h' {
		conn.Close()
		return nil, errors.New("bad greeting")
	}
	return conn, nil
}

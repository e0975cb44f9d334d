package fields

import (
	"errors"
	"net"
)

// A pgConn is a driver connection: a struct that holds the conn, whose
// start-up hands a closure reading its configuration to an
// authentication library.
type pgConn struct {
	conf    *pgConfig
	netConn net.Conn
}

type pgConfig struct{ User, Password string }

// saslStart stands for a library that takes a credentials callback.
var saslStart = func(creds func() (string, string)) []byte {
	u, p := creds()
	return []byte(u + p)
}

func (cn *pgConn) Close() error { return cn.netConn.Close() }

func sslPg(cn *pgConn) error {
	_, err := cn.netConn.Write([]byte("ssl"))
	return err
}

// authPg captures cn in a closure that only reads its configuration:
// whoever calls it cannot close or keep the conn.
func authPg(cn *pgConn) error {
	msg := saslStart(func() (string, string) { return cn.conf.User, cn.conf.Password })
	_, err := cn.netConn.Write(msg)
	return err
}

func setParamsPg(cn *pgConn) error {
	if cn.conf.User == "" {
		return errors.New("no user")
	}
	return nil
}

// newPg drops the conn on each failed step of the start-up; every one of
// those returns is named.
func newPg(addr string, conf *pgConfig) (*pgConn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return at line 55 and on 2 other paths`
	if err != nil {
		return nil, err
	}
	cn := &pgConn{conf: conf, netConn: c}
	if err := sslPg(cn); err != nil {
		return nil, err
	}
	if err := authPg(cn); err != nil {
		return nil, err
	}
	if err := setParamsPg(cn); err != nil {
		return nil, err
	}
	return cn, nil
}

func newPgCloses(addr string, conf *pgConfig) (*pgConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	cn := &pgConn{conf: conf, netConn: c}
	if err := sslPg(cn); err != nil {
		cn.Close()
		return nil, err
	}
	if err := authPg(cn); err != nil {
		cn.Close()
		return nil, err
	}
	if err := setParamsPg(cn); err != nil {
		cn.Close()
		return nil, err
	}
	return cn, nil
}

package ownership

import (
	"errors"
	"fmt"
	"net"
)

// multiaddrConn is a conn that knows its addresses in another form (an
// interface that embeds net.Conn).
type multiaddrConn interface {
	net.Conn
	RemoteName() string
}

type connProtector interface {
	Protect(net.Conn) (net.Conn, error)
}

var errNotInPrivate = errors.New("not in a private network")

var forcePrivateNet bool

type connUpgrader struct {
	blocked   func(string) bool
	protector connProtector
}

func (u *connUpgrader) secure(c net.Conn) (net.Conn, error) { return c, nil }

// upgrade closes the conn it was given on every failure but one: when no
// protector is set and private networks are forced, it returns with the
// conn open (libp2p's transport upgrader).
func (u *connUpgrader) upgrade(mc multiaddrConn) (net.Conn, error) { // want `multiaddrConn parameter mc is not closed on the error return at line 48`
	if u.blocked != nil && u.blocked(mc.RemoteName()) {
		mc.Close()
		return nil, fmt.Errorf("blocked connection from %s", mc.RemoteName())
	}
	var conn net.Conn = mc
	if u.protector != nil {
		pc, err := u.protector.Protect(conn)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("protector: %v", err)
		}
		conn = pc
	} else if forcePrivateNet {
		return nil, errNotInPrivate
	}
	sc, err := u.secure(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("security: %v", err)
	}
	return sc, nil
}

// upgradeClean closes the conn on that return too: clean.
func (u *connUpgrader) upgradeClean(mc multiaddrConn) (net.Conn, error) {
	if u.blocked != nil && u.blocked(mc.RemoteName()) {
		mc.Close()
		return nil, fmt.Errorf("blocked connection from %s", mc.RemoteName())
	}
	var conn net.Conn = mc
	if u.protector != nil {
		pc, err := u.protector.Protect(conn)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("protector: %v", err)
		}
		conn = pc
	} else if forcePrivateNet {
		conn.Close()
		return nil, errNotInPrivate
	}
	sc, err := u.secure(conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("security: %v", err)
	}
	return sc, nil
}

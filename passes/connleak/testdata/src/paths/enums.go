package paths

import (
	"net"
	"sync/atomic"
)

type mode int

const (
	modeEcho mode = iota
	modeDrop
	modeKeep
)

var kept []net.Conn

// exhaustiveSwitch hands c off in every case of a switch over all declared
// modes: the implicit default is never taken, so nothing leaks.
func exhaustiveSwitch(addr string, m mode) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	switch m {
	case modeEcho:
		c.Write([]byte("x"))
		c.Close()
	case modeDrop:
		c.Close()
	case modeKeep:
		kept = append(kept, c)
	}
}

// partialSwitch forgets modeKeep: that value falls through with c open.
func partialSwitch(addr string, m mode) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	switch m {
	case modeEcho:
		c.Close()
	case modeDrop:
		c.Close()
	}
}

// nextOnRetry carries the previous conn across iterations and closes it at
// the top of the next one, as redirect loops do with responses: clean.
func nextOnRetry(addr string, tries int) net.Conn {
	var c net.Conn
	for i := 0; i < tries; i++ {
		if i > 0 {
			c.Close()
		}
		var err error
		if c, err = net.Dial("tcp", addr); err != nil {
			return nil
		}
		if _, err := c.Write([]byte("hello")); err == nil {
			return c
		}
	}
	if c != nil {
		c.Close()
	}
	return nil
}

// redialNoClose overwrites c on every iteration and never closes it.
func redialNoClose(addr string, tries int) {
	for i := 0; i < tries; i++ {
		c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed when c is overwritten`
		if err != nil {
			return
		}
		c.Write([]byte("hello"))
	}
}

const (
	kindClient = iota
	kindRoute
	kindLeaf
	kindMQTT
)

// upgraded's kind is unexported and only ever set to kindClient (its zero
// value), kindLeaf or kindMQTT: a switch over those three never falls
// through.
type upgraded struct {
	conn net.Conn
	kind int
}

func upgrade(addr string, leaf, mqtt bool) (*upgraded, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	kind := kindClient
	if leaf {
		kind = kindLeaf
	} else if mqtt {
		kind = kindMQTT
	}
	return &upgraded{conn: c, kind: kind}, nil
}

func serveUpgraded(addr string, leaf, mqtt bool) {
	res, err := upgrade(addr, leaf, mqtt)
	if err != nil {
		return
	}
	switch res.kind {
	case kindClient:
		kept = append(kept, res.conn)
	case kindMQTT:
		res.conn.Close()
	case kindLeaf:
		kept = append(kept, res.conn)
	}
}

// serveUpgradedPartial forgets kindMQTT, which upgrade does set: that
// kind falls through with the conn open.
func serveUpgradedPartial(addr string, leaf, mqtt bool) {
	res, err := upgrade(addr, leaf, mqtt) // want `\*upgraded res from upgrade is not closed on the return`
	if err != nil {
		return
	}
	switch res.kind {
	case kindClient:
		kept = append(kept, res.conn)
	case kindLeaf:
		kept = append(kept, res.conn)
	}
}

// atomicKind's kind is also set through its address (an atomic store of
// any value), so a switch over the constants stored directly may fall
// through.
type atomicKind struct {
	conn net.Conn
	kind int32
}

func newAtomicKind(addr string) (*atomicKind, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	a := &atomicKind{conn: c, kind: kindClient}
	atomic.StoreInt32(&a.kind, kindRoute)
	return a, nil
}

func serveAtomicKind(addr string) {
	a, err := newAtomicKind(addr) // want `\*atomicKind a from newAtomicKind is not closed on the return`
	if err != nil {
		return
	}
	switch a.kind {
	case kindClient:
		kept = append(kept, a.conn)
	}
}

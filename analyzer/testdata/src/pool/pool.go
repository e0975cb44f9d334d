// Package pool stands for a third-party API whose results closewait cannot
// see into: an interface method.
package pool

import "net"

// Pool hands out conns that the caller must close.
type Pool interface {
	Get() (net.Conn, error)
}

// borrowAndForget gets a conn and never closes it: reported only when
// -closewait.acquire names (pool.Pool).Get.
func borrowAndForget(p Pool) {
	c, err := p.Get() // want `net\.Conn c from p\.Get is not closed on the return`
	if err != nil {
		return
	}
	c.Write([]byte("x"))
}

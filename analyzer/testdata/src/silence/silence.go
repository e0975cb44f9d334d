package silence

import "net"

// sameLine is silenced by a directive on the acquiring line.
func sameLine(addr string) {
	c, err := net.Dial("tcp", addr) //closewait:ignore handed to the pool by reflection
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

// lineAbove is silenced by a directive on the line above.
func lineAbove(addr string) {
	//closewait:ignore the process exits right after
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

// spaced is silenced by a directive written with a space after //.
func spaced(addr string) {
	// closewait:ignore closed by the caller's pool
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

// noReason silences nothing: the reason is required (ignorecheck reports
// the directive).
func noReason(addr string) {
	//closewait:ignore
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

// stale silences nothing: the conn is closed.
func stale(addr string) {
	//closewait:ignore this used to leak
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	c.Close()
}

// twoLinesAbove is too far away to silence the leak.
func twoLinesAbove(addr string) {
	//closewait:ignore too far away

	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

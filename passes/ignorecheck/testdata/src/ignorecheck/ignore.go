package ignorecheck

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

// noReason is reported for its missing reason (and silences nothing).
func noReason(addr string) {
	/* want "//closewait:ignore needs a reason" */ //closewait:ignore
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

// stale silences nothing: the conn is closed.
func stale(addr string) {
	/* want "//closewait:ignore silences nothing" */ //closewait:ignore this used to leak
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	c.Close()
}

// twoLinesAbove is too far away to silence the leak.
func twoLinesAbove(addr string) {
	/* want "//closewait:ignore silences nothing" */ //closewait:ignore too far away

	c, err := net.Dial("tcp", addr)
	if err != nil {
		return
	}
	_ = c.LocalAddr()
}

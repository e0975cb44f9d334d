package ownership

import "net"

// A turnRequest carries the conn a datagram came on to code this package
// cannot see.
type turnRequest struct {
	conn net.Conn
	buf  []byte
}

var handleTurnRequest = func(r turnRequest) error { return nil }

// turnReadLoop hands each request, with its conn, to handleTurnRequest,
// but returns on the first read error with the conn open: if the peer
// hangs up before sending anything, nobody closes it.
func turnReadLoop(c net.Conn) {
	buf := make([]byte, 1500)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		handleTurnRequest(turnRequest{conn: c, buf: buf[:n]})
	}
}

// turnReadListener starts turnReadLoop on each accepted conn (pion/turn's
// readListener).
func turnReadListener(l net.Listener) {
	for {
		conn, err := l.Accept() // want `net\.Conn conn from l\.Accept is not closed by turnReadLoop, which takes it, on its io\.EOF return`
		if err != nil {
			return
		}
		go turnReadLoop(conn)
	}
}

// turnReadListenerClean closes the conn when turnReadLoop returns.
func turnReadListenerClean(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			turnReadLoop(conn)
		}()
	}
}

// turnRegister hands the conn on before it reads: the goroutine never
// holds it open on its own (silent).
func turnRegister(c net.Conn) {
	handleTurnRequest(turnRequest{conn: c})
	buf := make([]byte, 1500)
	for {
		if _, err := c.Read(buf); err != nil {
			return
		}
	}
}

func turnRegisterListener(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go turnRegister(conn)
	}
}

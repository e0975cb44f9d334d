package sources

import (
	"net"
	"strconv"
)

// tryListen reports with a bool whether it got a socket: by the comma-ok
// convention, false means none.
func tryListen(port int) (*net.UDPConn, bool) {
	addr, err := net.ResolveUDPAddr("udp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return nil, false
	}
	conn, err := net.ListenUDP("udp", addr)
	if err != nil {
		return nil, false
	}
	return conn, true
}

// startServer tries three ports and keeps the first socket it gets: the
// loop goes on only where ok is false, with no socket to overwrite (clean).
func startServer(serve func(*net.UDPConn)) {
	var (
		conn *net.UDPConn
		ok   bool
	)
	for i := 0; i < 3; i++ {
		conn, ok = tryListen(54951 + i)
		if ok {
			break
		}
	}
	if conn == nil {
		return
	}
	go func() {
		defer conn.Close()
		serve(conn)
	}()
}

// firstPort drops the socket when the port is not the one it wanted.
func firstPort(want int) bool {
	conn, ok := tryListen(want) // want `\*net\.UDPConn conn from tryListen is not closed on the return at line 51`
	if !ok {
		return false
	}
	if conn.LocalAddr().(*net.UDPAddr).Port != want {
		return false
	}
	conn.Close()
	return true
}

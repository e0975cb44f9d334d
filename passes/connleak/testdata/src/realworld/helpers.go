package realworld

import (
	"io"
	"net"
)

// handleConn closes its parameter on every path, so go handleConn(c)
// releases c (as in ownership/accept.go).
func handleConn(c net.Conn) {
	defer c.Close()
	io.Copy(c, c)
}

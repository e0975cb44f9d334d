// Package helpers is the upstream package: go vet analyses it in its own
// process, and only facts carry what its functions do to the app package.
package helpers

import (
	"io"
	"net"
	"net/http"
)

// Dial returns a fresh conn the caller must close.
func Dial(addr string) (net.Conn, error) {
	return net.Dial("tcp", addr)
}

// CloseBody drains and closes a response body.
func CloseBody(resp *http.Response) {
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// Echo copies until the peer hangs up, then returns without closing c.
func Echo(c net.Conn) {
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err != nil {
			return
		}
		c.Write(buf[:n])
	}
}

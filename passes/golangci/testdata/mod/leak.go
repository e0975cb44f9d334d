// Package fixture is the golangci-lint end-to-end test's user code. Each
// line that ends in a "LEAK(pass)" comment must be reported by closewait,
// and no other line.
package fixture

import (
	"net"
	"net/http"
)

// ReadHeader closes c on every path but the read-error return: io.EOF
// there is the peer's FIN, and the socket stays in CLOSE_WAIT.
func ReadHeader(addr string) error {
	c, err := net.Dial("tcp", addr) // LEAK(connleak)
	if err != nil {
		return err
	}
	buf := make([]byte, 10)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	return c.Close()
}

// Status never closes the response body.
func Status(url string) (int, error) {
	resp, err := http.Get(url) // LEAK(bodyleak)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

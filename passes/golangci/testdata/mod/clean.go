package fixture

import (
	"io"
	"net"
	"net/http"
)

// ReadHeaderClosed closes c on every path.
func ReadHeaderClosed(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	buf := make([]byte, 10)
	_, err = c.Read(buf)
	return err
}

// Drain reads and closes the response body.
func Drain(url string) (int64, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return io.Copy(io.Discard, resp.Body)
}

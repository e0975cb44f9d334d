// Package clean is a user's module that closes every socket.
package clean

import (
	"io"
	"net"
	"net/http"
)

// ReadHeader closes c on every path.
func ReadHeader(addr string) error {
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

package adopt

import (
	"net"
	"net/http"
)

// status closes the body on every path.
func status(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// probe is new code with a new leak: c is not closed on any path.
func probe(addr string) bool {
	c, err := net.Dial("tcp", addr) // NEW LEAK(connleak)
	if err != nil {
		return false
	}
	_, err = c.Write([]byte("ping"))
	return err == nil
}

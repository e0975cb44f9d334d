// Package leaky leaves sockets open on some path; closewait must report it.
package leaky

import (
	"io"
	"net"
	"net/http"
)

// Echo dials addr and echoes what the peer sends until it hangs up.
func Echo(addr string) error {
	conn, err := net.Dial("tcp", addr) // LEAK(connleak)
	if err != nil {
		return err
	}
	buf := make([]byte, 512)
	for {
		n, err := conn.Read(buf)
		if err == io.EOF {
			return nil // conn is never closed: CLOSE_WAIT
		}
		if err != nil {
			conn.Close()
			return err
		}
		if _, err := conn.Write(buf[:n]); err != nil {
			conn.Close()
			return err
		}
	}
}

// Status returns the status code of a GET of url.
func Status(url string) (int, error) {
	resp, err := http.Get(url) // LEAK(bodyleak)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil // resp.Body is never closed
}

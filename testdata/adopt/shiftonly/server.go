// Package adopt is a code base that already has leaks when it adopts
// closewait: the tests record them in a baseline (or commit them), then
// check that an unrelated edit passes (../shift: lines inserted above
// them and a function moved to another file, for baselines; ../shiftonly:
// the lines only, for -new-from-rev, to which moved code is new) and a new
// leak (../newleak) fails. Lines that end in a "LEAK" comment are the
// existing findings.
package adopt

import (
	"bufio"
	"io"
	"net"
	"net/http"
)

// greeting is what a new connection is sent first. It was added above
// the code with findings, shifting every line below it.
func greeting(name string) string {
	if name == "" {
		return "hello\n"
	}
	return "hello, " + name + "\n"
}

// Server answers one line per connection.
type Server struct {
	ln net.Listener
}

// serve handles each accepted connection in a goroutine.
func (s *Server) serve() error {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer conn.Close()
			line, err := bufio.NewReader(conn).ReadString('\n')
			if err != nil {
				return
			}
			conn.Write([]byte(line))
		}()
	}
}

// echo returns on io.EOF without closing c.
func echo(addr string) error {
	c, err := net.Dial("tcp", addr) // LEAK(connleak)
	if err != nil {
		return err
	}
	buf := make([]byte, 512)
	for {
		n, err := c.Read(buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			c.Close()
			return err
		}
		c.Write(buf[:n])
	}
}

// fetch never closes the response body.
func fetch(url string) (int, error) {
	resp, err := http.Get(url) // LEAK(bodyleak)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// twice opens a connection in each branch, on identical lines, and
// closes neither.
func twice(a, b string) {
	if a != "" {
		c, _ := net.Dial("tcp", a) // LEAK(connleak)
		c.Write(nil)
	}
	if b != "" {
		c, _ := net.Dial("tcp", b) // LEAK(connleak)
		c.Write(nil)
	}
}

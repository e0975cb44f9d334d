// Command leaker opens sockets at known lines, each leaking kind next to
// its clean twin, for the tests of closewait trace. Each line that opens a
// socket is marked SITE(name); the leaks are the names without "clean".
//
// It prints "ready" once its servers listen, then waits for a line on its
// standard input (the tracer is attached by then), makes n of each kind of
// connection, prints "done" once the leaks sit in CLOSE_WAIT, and exits
// when its standard input closes. Run it with GOGC=off, so that no
// finalizer closes the unreachable leaked connections while it is traced.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"
)

var held []any // leaked connections the program still references

func main() {
	n := flag.Int("n", 3, "connections of each kind")
	flag.Parse()
	leaky := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept() // SITE(accept)
			if err != nil {
				return
			}
			go readToEOF(conn)
		}
	})
	clean := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept() // SITE(accept clean)
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				readToEOF(conn)
			}()
		}
	})
	hangUp := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept() // SITE(hang-up server)
			if err != nil {
				return
			}
			conn.Close()
		}
	})
	hln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	srv := &http.Server{IdleTimeout: 200 * time.Millisecond, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	})}
	go srv.Serve(hln)
	url := "http://" + hln.Addr().String() + "/"

	fmt.Println("ready")
	in := bufio.NewReader(os.Stdin)
	if _, err := in.ReadString('\n'); err != nil {
		return
	}
	cleanClient := &http.Client{Transport: &http.Transport{}}
	for i := 0; i < *n; i++ { // (not range over an int: the leaker builds with Go 1.21)
		hangUpClient(leaky)
		hangUpClient(clean)
		dialLeak(hangUp)
		dialClean(hangUp)
		bodyLeak(url)
		bodyClean(cleanClient, url)
	}
	time.Sleep(time.Second) // the server's idle timeout closes the leaked bodies' connections
	fmt.Println("done")
	io.Copy(io.Discard, in)
}

// listen starts serve on a new loopback listener and returns its address.
func listen(serve func(net.Listener)) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	go serve(ln)
	return ln.Addr().String()
}

// readToEOF reads conn until the peer hangs up, and does not close it.
func readToEOF(conn net.Conn) {
	io.Copy(io.Discard, conn)
}

// hangUpClient connects to addr and closes at once.
func hangUpClient(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(hang-up client)
	if err != nil {
		fail(err)
	}
	c.Close()
}

// dialLeak connects to a server that hangs up, and keeps the connection.
func dialLeak(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(dial)
	if err != nil {
		fail(err)
	}
	held = append(held, c)
}

// dialClean connects to a server that hangs up, reads its EOF and closes.
func dialClean(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(dial clean)
	if err != nil {
		fail(err)
	}
	io.Copy(io.Discard, c)
	c.Close()
}

// bodyLeak sends a request and never closes the response body.
func bodyLeak(url string) {
	resp, err := http.Get(url) // SITE(body)
	if err != nil {
		fail(err)
	}
	held = append(held, resp)
}

// bodyClean sends a request and closes the body.
func bodyClean(c *http.Client, url string) {
	resp, err := c.Get(url) // SITE(body clean)
	if err != nil {
		fail(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// Command leaky leaks sockets at known lines, for the tests of closewait
// exporter -trace: an accepted connection, a dialed one and an HTTP
// response body left in CLOSE_WAIT, and a dialed connection the peer
// resets, left an orphaned fd. testdata/fixed is its twin with the leaks
// fixed. The lines that open sockets are marked SITE(name).
//
// It prints "ready" once its servers listen, then, for each line "go" on
// its standard input, makes n connections of each kind, prints "done"
// once the leaked ones sit in CLOSE_WAIT or are reset, and exits when its standard
// input closes. Run it with GOGC=off, so that no finalizer closes the
// unreachable leaked connections.
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
	n := flag.Int("n", 3, "connections of each kind per round")
	flag.Parse()
	echo := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept() // SITE(accept)
			if err != nil {
				return
			}
			go io.Copy(io.Discard, conn) // reads to EOF, never closes
		}
	})
	hangUp := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			conn.Close()
		}
	})
	resetter := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			// After the client's first byte, so that its connect has
			// succeeded: Close sends RST.
			conn.Read(make([]byte, 1))
			conn.(*net.TCPConn).SetLinger(0)
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
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		for i := 0; i < *n; i++ {
			hangUpClient(echo)
			dial(hangUp)
			reset(resetter)
			get(url)
		}
		time.Sleep(time.Second) // the server's idle timeout closes the bodies' connections
		fmt.Println("done")
	}
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

// hangUpClient connects to addr and closes at once.
func hangUpClient(addr string) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		fail(err)
	}
	c.Close()
}

// dial connects to a server that hangs up, and keeps the connection.
func dial(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(dial)
	if err != nil {
		fail(err)
	}
	held = append(held, c)
}

// reset connects to a server that resets the connection, and keeps it:
// an orphaned fd, in no socket table.
func reset(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(reset)
	if err != nil {
		fail(err)
	}
	if _, err := c.Write([]byte{1}); err != nil {
		fail(err)
	}
	held = append(held, c)
}

// get sends a request and never closes the response body.
func get(url string) {
	resp, err := http.Get(url) // SITE(get)
	if err != nil {
		fail(err)
	}
	held = append(held, resp)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// Command fixed is testdata/leaky with its leaks fixed, for the tests of
// closewait exporter -trace: the same connections, each closed. The
// lines that open sockets are marked SITE(name).
//
// It prints "ready" once its servers listen, then, for each line "go" on
// its standard input, makes n connections of each kind, prints "done",
// and exits when its standard input closes.
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

func main() {
	n := flag.Int("n", 3, "connections of each kind per round")
	flag.Parse()
	echo := listen(func(ln net.Listener) {
		for {
			conn, err := ln.Accept() // SITE(accept)
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				io.Copy(io.Discard, conn)
			}()
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
		time.Sleep(time.Second) // as long as leaky waits
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

// dial connects to a server that hangs up, reads its EOF and closes.
func dial(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(dial)
	if err != nil {
		fail(err)
	}
	defer c.Close()
	io.Copy(io.Discard, c)
}

// reset connects to a server that resets the connection, and closes it
// on the error its read returns.
func reset(addr string) {
	c, err := net.Dial("tcp", addr) // SITE(reset)
	if err != nil {
		fail(err)
	}
	if _, err := c.Write([]byte{1}); err != nil {
		fail(err)
	}
	defer c.Close()
	io.Copy(io.Discard, c)
}

// get sends a request and closes the response body.
func get(url string) {
	resp, err := http.Get(url) // SITE(get)
	if err != nil {
		fail(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

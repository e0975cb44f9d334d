// Command example is closewait's bundled leaky program: a tiny TCP echo
// service and an HTTP health checker, written the way such code often is.
// Some of its functions leave sockets open on some path; the others are the
// correct versions and must not be reported. Each leak is marked
// LEAK(pass) on the line that opens the resource, where the pass reports
// it; cmd/closewait's tests check that closewait reports exactly those.
// Run closewait on it with
//
//	go run ./cmd/closewait ./testdata/example
package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"
)

func main() {
	port, err := freePortClosed()
	if err != nil {
		log.Fatal(err)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		log.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for acceptAndEcho(ln) == nil {
		}
	}()
	reply, err := roundTrip(addr, "hello")
	if err != nil {
		log.Fatal(err)
	}
	url := "http://" + addr + "/healthz" // not an HTTP server: expect errors
	fmt.Println("healthy:", healthy(url))
	if _, err := fetch(url); err != nil {
		fmt.Println("fetch:", err)
	}
	fmt.Printf("echo: %s\n", reply)
	time.Sleep(50 * time.Millisecond) // let the echo goroutine see its conn closed
}

// freePort asks the kernel for a free TCP port on the loopback interface.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // LEAK(listenerleak): never closed
	if err != nil {
		return 0, err
	}
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// freePortClosed is freePort done right.
func freePortClosed() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// acceptAndEcho takes the next connection from ln and echoes what the peer
// sends until the peer hangs up.
func acceptAndEcho(ln net.Listener) error {
	conn, err := ln.Accept() // LEAK(connleak): open when the peer hangs up (io.EOF)
	if err != nil {
		return err
	}
	buf := make([]byte, 4096)
	for {
		n, err := conn.Read(buf)
		if err == io.EOF {
			return nil // the peer sent FIN; our side stays in CLOSE_WAIT
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

// acceptAndEchoClosed is acceptAndEcho done right.
func acceptAndEchoClosed(ln net.Listener) error {
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = io.Copy(conn, conn)
	return err
}

// roundTrip sends msg to the echo service at addr and returns its reply.
func roundTrip(addr, msg string) (string, error) {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, msg); err != nil {
		return "", err
	}
	buf := make([]byte, len(msg))
	if _, err := io.ReadFull(conn, buf); err != nil {
		return "", err
	}
	return string(buf), nil
}

// healthy reports whether url answers 200 OK.
func healthy(url string) bool {
	resp, err := http.Get(url) // LEAK(bodyleak): the body is never closed
	if err != nil {
		return false
	}
	return resp.StatusCode == http.StatusOK
}

// fetch returns the body of url.
func fetch(url string) ([]byte, error) {
	resp, err := http.Get(url) // LEAK(bodyleak): open, unread, when the status is not 200
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch %s: %s", url, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return body, err
}

// fetchClosed is fetch done right.
func fetchClosed(url string) ([]byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

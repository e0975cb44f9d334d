package main

import (
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"time"
)

// With the argument "serve", the example runs as a service instead: an
// echo service that acceptAndEcho serves, a health endpoint, and a loop
// that talks to both every 100ms with roundTrip and healthy, until it is
// killed. Its CLOSE_WAIT count grows, which is what 'closewait sockets'
// and 'closewait trace' are for:
//
//	go build -o /tmp/example ./testdata/example && /tmp/example serve
func init() {
	if len(os.Args) == 2 && os.Args[1] == "serve" {
		serve()
		os.Exit(0)
	}
}

func serve() {
	echo, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer echo.Close()
	go func() {
		for acceptAndEcho(echo) == nil {
		}
	}()
	health, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer health.Close()
	srv := &http.Server{
		IdleTimeout: time.Second,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.WriteString(w, "ok\n")
		}),
	}
	go srv.Serve(health)
	url := "http://" + health.Addr().String() + "/healthz"
	fmt.Printf("serving: echo on %s, health on %s\n", echo.Addr(), url)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for range tick.C {
		if _, err := roundTrip(echo.Addr().String(), "hello"); err != nil {
			log.Fatal(err)
		}
		healthy(url)
	}
}

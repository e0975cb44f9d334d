// Command holder holds TCP sockets in CLOSE_WAIT on loopback for the
// sockstate benchmark (see ../run.sh). It prints "ready PID" once the
// sockets exist, then waits until it receives SIGTERM or SIGINT, -timeout
// passes, or (unless -stdin=false) its standard input closes.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/closewait/closewait/internal/holder"
)

func main() {
	var cfg holder.Config
	flag.IntVar(&cfg.N, "n", 1000, "CLOSE_WAIT sockets to hold")
	flag.StringVar(&cfg.Addr, "addr", "127.0.0.1", "loopback address to use")
	flag.BoolVar(&cfg.ReadEOF, "eof", false, "read each socket to EOF before holding it")
	flag.IntVar(&cfg.Orphans, "orphans", 0, "also hold this many connections reset by the peer")
	flag.BoolVar(&cfg.Listener, "listen", true, "keep the listeners open")
	timeout := flag.Duration("timeout", 15*time.Minute, "exit after this long at most")
	stdin := flag.Bool("stdin", true, "also exit when standard input closes")
	flag.Parse()
	if err := holder.RaiseFDLimit(cfg.N + cfg.Orphans); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	start := time.Now()
	h, err := holder.Hold(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "holder: %d CLOSE_WAIT sockets in %v\n", len(h.Conns), time.Since(start).Round(time.Millisecond))
	fmt.Printf("ready %d\n", os.Getpid())
	done := make(chan struct{})
	if *stdin {
		go func() {
			io.Copy(io.Discard, os.Stdin)
			close(done)
		}()
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, os.Interrupt)
	select {
	case <-done:
	case <-sig:
	case <-time.After(*timeout):
	}
	h.Close()
}

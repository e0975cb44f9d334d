package sockstate_test

import (
	"io"
	"net"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/closewait/closewait/sockstate"
)

// echoServer starts a server whose handler reads until io.EOF and then
// returns, closing the connection only when closeOnEOF is set: the
// canonical CLOSE_WAIT leak of a read loop, and its fixed twin. It returns
// the address and a function that waits for the handler to return. The
// listener stays open until the test ends, so that the connection counts
// as inbound.
func echoServer(t *testing.T, closeOnEOF bool) (string, func()) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		if closeOnEOF {
			defer conn.Close()
		}
		io.Copy(conn, conn) // returns on io.EOF, the client's FIN
	}()
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String(), wg.Wait
}

// connectAndHangUp dials addr, exchanges a line and closes.
func connectAndHangUp(t *testing.T, addr string) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Write([]byte("hello\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadFull(c, make([]byte, 6)); err != nil {
		t.Fatal(err)
	}
	c.Close()
}

// garbage allocates until stop is closed, so that the collector would run
// (and the net package's finalizers would close unreachable connections)
// during VerifyNone if VerifyNone let it. It starts once VerifyNone has
// turned the collector off, or after 100ms: a collection that the garbage
// triggered before the check would close the leak before any check could
// see it, which is not what this is about.
func garbage(stop chan struct{}) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		gogc := []metrics.Sample{{Name: "/gc/gogc:percent"}}
		for end := time.Now().Add(100 * time.Millisecond); time.Now().Before(end); time.Sleep(time.Millisecond) {
			if metrics.Read(gogc); int64(gogc[0].Value.Uint64()) < 0 {
				break
			}
		}
		var keep [][]byte
		for {
			select {
			case <-stop:
				return
			default:
			}
			keep = append(keep, make([]byte, 64<<10))
			if len(keep) > 64 {
				keep = nil
			}
		}
	}()
	return &wg
}

// TestVerifyNoneCatchesUnreachableLeak runs the leaky server and its clean
// twin many times under allocation pressure: the leak, whose connection is
// unreachable once the handler returns, must fail every time and be
// reported as closed only by the garbage collector; the twin must pass
// every time.
func TestVerifyNoneCatchesUnreachableLeak(t *testing.T) {
	const runs = 15
	for i := range runs {
		for _, leaky := range []bool{true, false} {
			addr, handlerDone := echoServer(t, !leaky)
			connectAndHangUp(t, addr)
			handlerDone() // the handler has returned: the leaked conn is unreachable
			stop := make(chan struct{})
			wg := garbage(stop)
			var ft fakeT
			sockstate.VerifyNone(&ft, sockstate.MaxWait(300*time.Millisecond))
			close(stop)
			wg.Wait()
			// The collector, back on, may be behind after the garbage: let it
			// finish here, so that it does not run in the next round before
			// VerifyNone does (a collection before the check starts hides a
			// leak, and no check can see a socket that is already closed).
			runtime.GC()
			switch {
			case leaky && len(ft.errs) != 1:
				t.Fatalf("run %d: the leak passed VerifyNone (%d errors)", i, len(ft.errs))
			case leaky:
				msg := ft.errs[0]
				for _, want := range []string{"inbound CLOSE_WAIT", "(all data read, not closed): closed only by the garbage collector: the code never called Close"} {
					if !strings.Contains(msg, want) {
						t.Fatalf("run %d: message lacks %q:\n%s", i, want, msg)
					}
				}
				if n := strings.Count(msg, "\n"); n != 1 {
					t.Fatalf("run %d: want one socket reported, got %d lines:\n%s", i, n, msg)
				}
			case len(ft.errs) != 0:
				t.Fatalf("run %d: the clean twin failed VerifyNone: %q", i, ft.errs)
			}
		}
	}
}

// TestVerifyNoneStillReferenced reports a leaked connection that the code
// still holds as still referenced, with its direction.
func TestVerifyNoneStillReferenced(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	srv, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	srv.Close() // the client's side is now in CLOSE_WAIT, and c still refers to it
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(100*time.Millisecond))
	want := c.LocalAddr().String() + " -> " + c.RemoteAddr().String() + " outbound CLOSE_WAIT"
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], want) || !strings.HasSuffix(ft.errs[0], "(EOF not read): still referenced") {
		t.Errorf("VerifyNone reported %q, want one line with %q ending in %q", ft.errs, want, "(EOF not read): still referenced")
	}
	c.Close()
	ft = fakeT{}
	sockstate.VerifyNone(&ft)
	if len(ft.errs) != 0 {
		t.Errorf("after Close: %q", ft.errs)
	}
}

package sockstate_test

import (
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
	"github.com/closewait/closewait/sockstate"
)

// TestVerifyNoneAcceptedAfterListenerClosed leaks an accepted connection
// in the README's pattern: the deferred check runs after the listener is
// closed, so no listening socket tells the direction by its port any more.
// The leak is the server's: it must be reported inbound.
func TestVerifyNoneAcceptedAfterListenerClosed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			accepted <- c
		}
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	server := <-accepted
	defer server.Close()
	client.Close()
	ln.Close()
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(100*time.Millisecond), sockstate.IgnoreOrphans())
	want := "tcp " + server.LocalAddr().String() + " -> " + server.RemoteAddr().String() + " inbound CLOSE_WAIT"
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], want) {
		t.Errorf("VerifyNone reported %q, want one error with %q", ft.errs, want)
	}
}

// TestVerifyNoneDialedStaysOutbound is the other side: a dialed connection
// that the server hung up on, with no listener in the process, is
// outbound.
func TestVerifyNoneDialedStaysOutbound(t *testing.T) {
	addr := make(chan string)
	done := make(chan struct{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		addr <- ln.Addr().String()
		c, err := ln.Accept()
		if err == nil {
			c.Close()
		}
		close(done)
	}()
	client, err := net.Dial("tcp", <-addr)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	<-done
	ln.Close()
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(100*time.Millisecond), sockstate.IgnoreOrphans())
	want := "tcp " + client.LocalAddr().String() + " -> " + client.RemoteAddr().String() + " outbound CLOSE_WAIT"
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], want) {
		t.Errorf("VerifyNone reported %q, want one error with %q", ft.errs, want)
	}
}

// TestVerifyNoneDataWithFIN leaks a client that read the server's whole
// reply but never read again: the FIN arrived before the read and was
// taken with the data, so Recv-Q is 0 although the code never saw io.EOF.
// The report must not claim that it read EOF.
func TestVerifyNoneDataWithFIN(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		c, err := ln.Accept()
		if err == nil {
			io.WriteString(c, "hello")
			c.Close()
		}
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	// Wait for the FIN: the socket is in CLOSE_WAIT with "hello" and the
	// FIN unread.
	for end := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		s := ownSocket(t, client)
		if s != nil && s.State == sockscan.CloseWait {
			break
		}
		if time.Now().After(end) {
			t.Fatal("the client's socket never reached CLOSE_WAIT")
		}
	}
	buf := make([]byte, 64)
	if n, err := client.Read(buf); n != 5 || err != nil {
		t.Fatalf("read %d bytes, %v; want hello and no error", n, err)
	}
	if s := ownSocket(t, client); s == nil || s.RecvQ != 0 {
		t.Fatalf("after reading the data: %+v; want Recv-Q 0 (the FIN taken with the data)", s)
	}
	ln.Close()
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(100*time.Millisecond), sockstate.IgnoreOrphans())
	if len(ft.errs) != 1 || strings.Contains(ft.errs[0], "EOF read") || !strings.Contains(ft.errs[0], "(all data read, not closed)") {
		t.Errorf("VerifyNone reported %q; want the socket, all data read, without claiming that EOF was read", ft.errs)
	}
}

// ownSocket returns the test process's socket of c, or nil.
func ownSocket(t *testing.T, c net.Conn) *sockscan.Socket {
	t.Helper()
	snap, err := sockscan.Scan(sockscan.ScanOptions{States: sockscan.AllStates(), PIDs: []int{os.Getpid()}, Owners: true})
	if err != nil {
		t.Fatal(err)
	}
	for i := range snap.Sockets {
		if s := &snap.Sockets[i]; s.Local.String() == c.LocalAddr().String() && s.Remote.String() == c.RemoteAddr().String() {
			return s
		}
	}
	return nil
}

// TestVerifyNoneUnaccepted leaves a connection in the accept queue of a
// listener that the test never accepts from, its client closed: it waits
// in CLOSE_WAIT with no fd of its own, held by the listener.
func TestVerifyNoneUnaccepted(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(300*time.Millisecond))
	want := "tcp " + ln.Addr().String() + " -> " + c.LocalAddr().String() + " inbound CLOSE_WAIT (never accepted: in the accept queue of the listener on fd "
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], want) {
		t.Errorf("VerifyNone reported %q, want one error with %q", ft.errs, want)
	}
}

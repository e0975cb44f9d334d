package gotrace

import (
	"net"
	"os"
	"testing"
	"time"
)

// TestHandleClosedSocketKeepsSite hands Handle the creation event of a
// TCP socket that is already closed when the event is read, as a busy
// exporter reads a quickly closed one: the socket is not recorded, but
// its site is one that opened a socket (Creations), so the exporter's
// series for it exists, at 0; a socket still open is recorded at its
// site. (A flake of the exporter's Prometheus test, under load, came
// from the site of a fixed program's quickly closed sockets missing.)
func TestHandleClosedSocketKeepsSite(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	open, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer open.Close()
	closed, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	fdOf := func(c net.Conn) uint64 {
		raw, err := c.(*net.TCPConn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		var fd uintptr
		raw.Control(func(f uintptr) { fd = f })
		return uint64(fd)
	}
	closedFD := fdOf(closed)
	closed.Close()
	now := time.Now()
	tr := &Tracer{pid: os.Getpid(), Sockets: make(map[uint64]*Created), interned: make(map[string]*Created),
		pruned: now, forgot: now, lastSent: make(map[uint64]sent), dialingFor: make(map[uint64]dialing)}

	// A descriptor number no socket holds now.
	tr.Handle(Event{kind: evFDInit, arg: closedFD + 1000, net: "tcp", stack: []uint64{0x100, 0x200}})
	tr.Handle(Event{kind: evFDInit, arg: fdOf(open), net: "tcp", stack: []uint64{0x300}})
	// A descriptor whose network could not be read and that is no
	// socket now (maybe a file): no site.
	tr.Handle(Event{kind: evFDInit, arg: closedFD + 1001, net: "", stack: []uint64{0x400}})

	sites := make(map[uint64]bool)
	tr.Creations(func(c *Created) { sites[c.Stack[0]] = true })
	if !sites[0x100] || !sites[0x300] || sites[0x400] || len(sites) != 2 {
		t.Errorf("sites %v, want the closed TCP socket's (0x100) and the open one's (0x300), not the unknown descriptor's (0x400)", sites)
	}
	if len(tr.Sockets) != 1 {
		t.Errorf("%d sockets recorded, want 1 (the open one)", len(tr.Sockets))
	}
}

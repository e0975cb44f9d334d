package sockstate_test

import (
	"net"
	"testing"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/sockstate"
)

func TestMain(m *testing.M) {
	// Dogfood: the tests close everything they open.
	sockstate.VerifyTestMain(m)
}

// hold creates CLOSE_WAIT sockets in the test process, closed at cleanup.
func hold(t *testing.T, cfg holder.Config) *holder.Held {
	t.Helper()
	h, err := holder.Hold(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

// fdOf returns the descriptor of a TCP connection.
func fdOf(t *testing.T, c net.Conn) int {
	t.Helper()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	fd := -1
	rc.Control(func(u uintptr) { fd = int(u) })
	return fd
}

package sockstate_test

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/sockstate"
)

// fakeT records what VerifyNone reports.
type fakeT struct{ errs []string }

func (f *fakeT) Error(args ...any) { f.errs = append(f.errs, fmt.Sprint(args...)) }

// TestVerifyNoneLeak fails on a leaked connection, with one line per
// socket, and passes once it is closed.
func TestVerifyNoneLeak(t *testing.T) {
	h := hold(t, holder.Config{Addr: "127.0.0.1", N: 1, Listener: true})
	r := hold(t, holder.Config{Addr: "127.0.0.1", N: 1, ReadEOF: true, Listener: true})
	var ft fakeT
	start := time.Now()
	sockstate.VerifyNone(&ft, sockstate.MaxWait(300*time.Millisecond))
	if waited := time.Since(start); waited < 250*time.Millisecond || waited > 5*time.Second {
		t.Errorf("VerifyNone returned after %v, want it to retry for about 300ms", waited)
	}
	if len(ft.errs) != 1 {
		t.Fatalf("VerifyNone reported %d errors, want 1: %q", len(ft.errs), ft.errs)
	}
	for _, want := range []string{
		fmt.Sprintf("tcp %s -> %s inbound CLOSE_WAIT fd %d (EOF not read): still referenced", h.Conns[0].LocalAddr(), h.Conns[0].RemoteAddr(), fdOf(t, h.Conns[0])),
		fmt.Sprintf("tcp %s -> %s inbound CLOSE_WAIT fd %d (all data read, not closed): still referenced", r.Conns[0].LocalAddr(), r.Conns[0].RemoteAddr(), fdOf(t, r.Conns[0])),
	} {
		if !strings.Contains(ft.errs[0], want) {
			t.Errorf("message lacks %q:\n%s", want, ft.errs[0])
		}
	}
	h.Close()
	r.Close()
	ft = fakeT{}
	sockstate.VerifyNone(&ft)
	if len(ft.errs) != 0 {
		t.Errorf("after Close, VerifyNone reported %q", ft.errs)
	}
}

// TestVerifyNoneSettles closes the leak while VerifyNone retries.
func TestVerifyNoneSettles(t *testing.T) {
	h := hold(t, holder.Config{Addr: "127.0.0.1", N: 2})
	time.AfterFunc(100*time.Millisecond, h.Close)
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(3*time.Second))
	if len(ft.errs) != 0 {
		t.Errorf("VerifyNone did not wait for the Close: %q", ft.errs)
	}
}

// TestVerifyNoneOrphan reports a connection reset by the peer.
func TestVerifyNoneOrphan(t *testing.T) {
	h := hold(t, holder.Config{Addr: "127.0.0.1", Orphans: 1})
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.MaxWait(50*time.Millisecond))
	want := fmt.Sprintf("tcp fd %d socket:[", fdOf(t, h.Orphans[0]))
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], want) || !strings.Contains(ft.errs[0], "orphaned") {
		t.Errorf("VerifyNone on an orphan reported %q, want a line with %q", ft.errs, want)
	}
	ft = fakeT{}
	sockstate.VerifyNone(&ft, sockstate.IgnoreOrphans(), sockstate.MaxWait(50*time.Millisecond))
	if len(ft.errs) != 0 {
		t.Errorf("IgnoreOrphans: reported %q", ft.errs)
	}
}

// TestVerifyNoneIgnore checks the port and address options.
func TestVerifyNoneIgnore(t *testing.T) {
	h := hold(t, holder.Config{Addr: "127.0.0.1", N: 1, Listener: true})
	local := h.Conns[0].LocalAddr().(*net.TCPAddr)
	remote := h.Conns[0].RemoteAddr().(*net.TCPAddr)
	short := sockstate.MaxWait(20 * time.Millisecond)
	for name, opt := range map[string]sockstate.Option{
		"local port":     sockstate.IgnoreLocalPorts(uint16(local.Port)),
		"remote port":    sockstate.IgnoreRemotePorts(uint16(remote.Port)),
		"local address":  sockstate.IgnoreLocalAddrs("127.0.0.1"),
		"local endpoint": sockstate.IgnoreLocalAddrs(local.String()),
		"remote address": sockstate.IgnoreRemoteAddrs("127.0.0.1"),
	} {
		var ft fakeT
		sockstate.VerifyNone(&ft, opt, short)
		if len(ft.errs) != 0 {
			t.Errorf("ignore %s: reported %q", name, ft.errs)
		}
	}
	var ft fakeT
	sockstate.VerifyNone(&ft, sockstate.IgnoreLocalPorts(1), sockstate.IgnoreRemoteAddrs("::1"), short)
	if len(ft.errs) != 1 {
		t.Errorf("non-matching ignores hid the leak: %q", ft.errs)
	}
	ft = fakeT{}
	sockstate.VerifyNone(&ft, sockstate.IgnoreLocalAddrs("not-an-address"), short)
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], `bad address "not-an-address"`) {
		t.Errorf("bad address option: %q", ft.errs)
	}
}

// TestVerifyNoneEstablished flags connections opened after the option
// was created, and only those.
func TestVerifyNoneEstablished(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	before, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer before.Close()
	beforeSrv, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer beforeSrv.Close()

	flag := sockstate.FlagEstablished()
	short := sockstate.MaxWait(20 * time.Millisecond)
	var ft fakeT
	sockstate.VerifyNone(&ft, flag, short)
	if len(ft.errs) != 0 {
		t.Errorf("connections older than the option were flagged: %q", ft.errs)
	}
	after, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	afterSrv, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	ft = fakeT{}
	sockstate.VerifyNone(&ft, flag, short)
	if len(ft.errs) != 1 || strings.Count(ft.errs[0], "ESTABLISHED") != 2 || !strings.Contains(ft.errs[0], after.LocalAddr().String()) {
		t.Errorf("new connection: reported %q, want both ends of %s", ft.errs, after.LocalAddr())
	}
	ft = fakeT{}
	sockstate.VerifyNone(&ft, short) // not flagged without the option
	if len(ft.errs) != 0 {
		t.Errorf("ESTABLISHED flagged without FlagEstablished: %q", ft.errs)
	}
	after.Close()
	afterSrv.Close()
	ft = fakeT{}
	sockstate.VerifyNone(&ft, flag)
	if len(ft.errs) != 0 {
		t.Errorf("after Close: %q", ft.errs)
	}
}

// fakeM is a test run that returns code, leaking a CLOSE_WAIT socket
// first when leak is set.
type fakeM struct {
	t    *testing.T
	code int
	leak bool
	h    *holder.Held
}

func (m *fakeM) Run() int {
	if m.leak {
		m.h = hold(m.t, holder.Config{Addr: "127.0.0.1", N: 1, Listener: true})
	}
	return m.code
}

// TestVerifyTestMain runs VerifyTestMain with fake runs and a Cleanup
// that captures the exit code instead of exiting.
func TestVerifyTestMain(t *testing.T) {
	for _, tc := range []struct {
		code int
		leak bool
		want int
	}{
		{0, false, 0},
		{0, true, 1},
		{2, true, 2}, // failed tests: their code, no check
	} {
		got := -1
		m := &fakeM{t: t, code: tc.code, leak: tc.leak}
		sockstate.VerifyTestMain(m, sockstate.MaxWait(50*time.Millisecond), sockstate.Cleanup(func(code int) { got = code }))
		if got != tc.want {
			t.Errorf("tests exiting %d, leak %v: Cleanup got %d, want %d", tc.code, tc.leak, got, tc.want)
		}
		if m.h != nil {
			m.h.Close()
		}
	}
}

// TestIgnoreCurrent ignores the sockets held when the option was made,
// and only those.
func TestIgnoreCurrent(t *testing.T) {
	old := hold(t, holder.Config{Addr: "127.0.0.1", N: 1, Listener: true})
	defer old.Close()
	base := sockstate.IgnoreCurrent()
	short := sockstate.MaxWait(50 * time.Millisecond)
	var ft fakeT
	sockstate.VerifyNone(&ft, base, short)
	if len(ft.errs) != 0 {
		t.Errorf("a socket older than IgnoreCurrent was reported: %q", ft.errs)
	}
	h := hold(t, holder.Config{Addr: "127.0.0.1", N: 1, Listener: true})
	sockstate.VerifyNone(&ft, base, short)
	want := h.Conns[0].LocalAddr().String()
	if len(ft.errs) != 1 || strings.Count(ft.errs[0], "CLOSE_WAIT") != 1 || !strings.Contains(ft.errs[0], want) {
		t.Errorf("new leak with IgnoreCurrent: reported %q, want only %s", ft.errs, want)
	}
	h.Close()
}

func TestFindReportsNothingWhenClean(t *testing.T) {
	if err := sockstate.Find(sockstate.MaxWait(0)); err != nil {
		t.Errorf("Find on a clean process: %v", err)
	}
}

package sockscan_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/internal/sockscan"
)

// TestCloseWaitInProcess leaks inbound CLOSE_WAIT sockets in the test
// process, some with the EOF read and some not, and checks what Scan
// reports for each: owner, descriptor, direction, Recv-Q and age.
func TestCloseWaitInProcess(t *testing.T) {
	unread := hold(t, holder.Config{Addr: "127.0.0.1", N: 3, Listener: true})
	read := hold(t, holder.Config{Addr: "127.0.0.1", N: 2, ReadEOF: true, Listener: true})
	time.Sleep(300 * time.Millisecond) // let the sockets age
	start := time.Now()
	snap := scanSelf(t, sockscan.ScanOptions{Owners: true, Info: true, Orphans: true})
	elapsed := time.Since(start)

	if got := len(snap.Sockets); got != 5 {
		t.Fatalf("got %d CLOSE_WAIT sockets, want 5: %+v", got, snap.Sockets)
	}
	if got := snap.States[sockscan.CloseWait]; got != 5 {
		t.Errorf("States[CLOSE_WAIT] = %d, want 5", got)
	}
	if got := snap.States[sockscan.Listen]; got != 2 {
		t.Errorf("States[LISTEN] = %d, want 2 (one per holder)", got)
	}
	if len(snap.Orphaned) != 0 {
		t.Errorf("unexpected orphans: %+v", snap.Orphaned)
	}
	socks := byLocalRemote(snap.Sockets)
	check := func(c net.Conn, wantRecvQ uint32) {
		t.Helper()
		s, ok := socks[connKey(c)]
		if !ok {
			t.Errorf("socket %s not reported", connKey(c))
			return
		}
		if s.State != sockscan.CloseWait || s.PID != os.Getpid() || s.FD != fdOf(t, c) {
			t.Errorf("%s: state %v pid %d fd %d, want CLOSE_WAIT pid %d fd %d", connKey(c), s.State, s.PID, s.FD, os.Getpid(), fdOf(t, c))
		}
		if want := filepath.Base(os.Args[0]); len(want) > 15 && s.Command != want[:15] || len(want) <= 15 && s.Command != want {
			t.Errorf("%s: command %q, want %q", connKey(c), s.Command, want)
		}
		if s.Direction != sockscan.Inbound {
			t.Errorf("%s: direction %v, want inbound", connKey(c), s.Direction)
		}
		if s.RecvQ != wantRecvQ || s.EOFUnread() != (wantRecvQ > 0) {
			t.Errorf("%s: recv-q %d, want %d", connKey(c), s.RecvQ, wantRecvQ)
		}
		if !s.HasInfo || s.Age < 250*time.Millisecond || s.Age > time.Minute || s.AgeMax < s.Age {
			t.Errorf("%s: age %v..%v (info %v), want at least 250ms", connKey(c), s.Age, s.AgeMax, s.HasInfo)
		}
		if s.Inode == 0 || s.Family != 4 {
			t.Errorf("%s: inode %d family %d", connKey(c), s.Inode, s.Family)
		}
	}
	for _, c := range unread.Conns {
		check(c, 1) // the FIN is still queued
	}
	for _, c := range read.Conns {
		check(c, 0) // io.EOF was read
	}
	p := snap.Processes[os.Getpid()]
	if p == nil || p.OpenFDs < 5 || p.FDLimit == 0 {
		t.Errorf("process record %+v, want open fds >= 5 and a limit", p)
	}
	t.Logf("scan of the test process took %v", elapsed)

	// Closing them ends CLOSE_WAIT.
	unread.Close()
	read.Close()
	snap = scanSelf(t, sockscan.ScanOptions{Owners: true})
	if len(snap.Sockets) != 0 {
		t.Errorf("after Close: %d CLOSE_WAIT sockets remain", len(snap.Sockets))
	}
}

// TestOutbound leaks a dialed connection that the server closed.
func TestOutbound(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	d := net.Dialer{KeepAlive: -1}
	c, err := d.DialContext(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	var got sockscan.Socket
	for i := 0; i < 50 && got.State == 0; i++ { // the FIN takes a moment
		time.Sleep(10 * time.Millisecond)
		got = byLocalRemote(scanSelf(t, sockscan.ScanOptions{Owners: true}).Sockets)[connKey(c)]
	}
	if got.State != sockscan.CloseWait || got.Direction != sockscan.Outbound || got.FD != fdOf(t, c) {
		t.Errorf("dialed socket: %+v, want CLOSE_WAIT outbound fd %d", got, fdOf(t, c))
	}
	ln.Close()
	snap := scanSelf(t, sockscan.ScanOptions{Owners: true, States: []sockscan.State{sockscan.CloseWait}})
	// Outbound counts the whole namespace, whatever the PIDs: at least the
	// listed outbound CLOSE_WAIT sockets of this process (ours, and any an
	// earlier test of this binary still holds under load), and those of
	// other processes, such as the tests of other packages that go test
	// runs alongside.
	listed := 0
	for _, s := range snap.Sockets {
		if s.State == sockscan.CloseWait && s.Direction == sockscan.Outbound {
			listed++
		}
	}
	if n := snap.Outbound[sockscan.CloseWait]; listed < 1 || n < listed {
		t.Errorf("Outbound[CLOSE_WAIT] = %d with %d listed, want at least the listed, ours among them", n, listed)
	}
}

// TestOrphaned leaks connections that the peer reset: they leave every
// socket table while their descriptors stay open.
func TestOrphaned(t *testing.T) {
	h := hold(t, holder.Config{Addr: "127.0.0.1", N: 1, Orphans: 2, Listener: true})
	snap := scanSelf(t, sockscan.ScanOptions{Owners: true, Orphans: true})
	if len(snap.Sockets) != 1 {
		t.Errorf("got %d CLOSE_WAIT sockets, want 1", len(snap.Sockets))
	}
	want := map[int]bool{fdOf(t, h.Orphans[0]): true, fdOf(t, h.Orphans[1]): true}
	if len(snap.Orphaned) != 2 {
		t.Fatalf("got orphans %+v, want fds %v", snap.Orphaned, want)
	}
	for _, o := range snap.Orphaned {
		if !want[o.FD] || o.PID != os.Getpid() || o.Inode == 0 {
			t.Errorf("orphan %+v, want pid %d and one of fds %v", o, os.Getpid(), want)
		}
	}
	// Without Orphans, none is reported.
	if snap := scanSelf(t, sockscan.ScanOptions{Owners: true}); len(snap.Orphaned) != 0 {
		t.Errorf("orphans reported without ScanOptions.Orphans: %+v", snap.Orphaned)
	}
}

// TestIPv6 leaks CLOSE_WAIT sockets on ::1.
func TestIPv6(t *testing.T) {
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	ln.Close()
	h := hold(t, holder.Config{Addr: "::1", N: 2, Listener: true})
	socks := byLocalRemote(scanSelf(t, sockscan.ScanOptions{Owners: true, Info: true}).Sockets)
	for _, c := range h.Conns {
		s, ok := socks[connKey(c)]
		if !ok || s.Family != 6 || s.FD != fdOf(t, c) || s.Direction != sockscan.Inbound || s.RecvQ != 1 {
			t.Errorf("IPv6 socket %s: %+v (found %v)", connKey(c), s, ok)
		}
	}
}

// TestChildProcess finds the owner of sockets held by another process,
// scanning all processes and then only that one.
func TestChildProcess(t *testing.T) {
	pid := startHolder(t, nil, "127.0.0.1", 4, false, 1)
	snap, err := sockscan.Scan(sockscan.ScanOptions{Owners: true, Orphans: true, Info: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range snap.Sockets {
		if s.PID == pid {
			n++
			if s.Direction != sockscan.Inbound || s.RecvQ != 1 || s.FD < 3 || !s.HasInfo {
				t.Errorf("child socket %+v", s)
			}
		}
	}
	if n != 4 {
		t.Errorf("found %d CLOSE_WAIT sockets of the child, want 4", n)
	}
	if countOrphans(snap, pid) != 1 {
		t.Errorf("child orphans: %+v, want 1", snap.Orphaned)
	}

	only, err := sockscan.Scan(sockscan.ScanOptions{PIDs: []int{pid}, Owners: true, Orphans: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(only.Sockets) != 4 || only.States[sockscan.CloseWait] != 4 || only.States[sockscan.Listen] != 1 {
		t.Errorf("-pid scan: %d sockets, states %v; want 4 CLOSE_WAIT and 1 LISTEN", len(only.Sockets), only.States)
	}
	for _, s := range only.Sockets {
		if s.PID != pid {
			t.Errorf("-pid scan lists a socket of pid %d", s.PID)
		}
	}
	if countOrphans(only, pid) != 1 || len(only.Orphaned) != 1 {
		t.Errorf("-pid scan orphans: %+v", only.Orphaned)
	}
}

func countOrphans(snap *sockscan.Snapshot, pid int) int {
	n := 0
	for _, o := range snap.Orphaned {
		if o.PID == pid {
			n++
		}
	}
	return n
}

// TestProcFallbackAgrees compares the /proc reading with netlink.
func TestProcFallbackAgrees(t *testing.T) {
	hold(t, holder.Config{Addr: "127.0.0.1", N: 3, Listener: true})
	hold(t, holder.Config{Addr: "127.0.0.1", N: 2, ReadEOF: true})
	all := sockscan.AllStates()
	nl := scanSelf(t, sockscan.ScanOptions{States: all, Owners: true, Orphans: true})
	pr := scanSelf(t, sockscan.ScanOptions{States: all, Owners: true, Orphans: true, ProcOnly: true})
	if len(pr.Fallback) != 1 || len(nl.Fallback) != 0 {
		t.Errorf("fallback namespaces: proc %v, netlink %v", pr.Fallback, nl.Fallback)
	}
	strip := func(socks []sockscan.Socket) map[uint64]sockscan.Socket {
		m := make(map[uint64]sockscan.Socket)
		for _, s := range socks {
			s.HasInfo, s.Age, s.AgeMax = false, 0, 0
			s.SendQ = 0 // may differ by a moment
			m[s.Inode] = s
		}
		return m
	}
	a, b := strip(nl.Sockets), strip(pr.Sockets)
	if len(a) != 6 || len(a) != len(b) {
		t.Fatalf("netlink lists %d sockets, /proc %d; want 6 each (5 CLOSE_WAIT, 1 LISTEN)", len(a), len(b))
	}
	for ino, s := range a {
		if !reflect.DeepEqual(b[ino], s) {
			t.Errorf("inode %d:\nnetlink %+v\n/proc   %+v", ino, s, b[ino])
		}
	}
	if nl.States[sockscan.CloseWait] != 5 || pr.States[sockscan.CloseWait] != 5 {
		t.Errorf("CLOSE_WAIT count: netlink %d, /proc %d, want 5", nl.States[sockscan.CloseWait], pr.States[sockscan.CloseWait])
	}
}

// TestScannerRepeats checks that a Scanner's later, cheaper scans see
// new sockets and orphans of the processes it already knows.
func TestScannerRepeats(t *testing.T) {
	sc := sockscan.NewScanner(sockscan.ScanOptions{PIDs: nil, Owners: true, Orphans: true})
	hold(t, holder.Config{Addr: "127.0.0.1", N: 2, Listener: true})
	first, err := sc.Scan()
	if err != nil {
		t.Fatal(err)
	}
	hold(t, holder.Config{Addr: "127.0.0.1", N: 3, Orphans: 1, Listener: true})
	second, err := sc.Scan()
	if err != nil {
		t.Fatal(err)
	}
	mine := func(s *sockscan.Snapshot) (n int) {
		for _, so := range s.Sockets {
			if so.PID == os.Getpid() {
				n++
			}
		}
		return n
	}
	if mine(first) != 2 || mine(second) != 5 || countOrphans(second, os.Getpid()) != 1 {
		t.Errorf("first scan %d sockets, second %d and %d orphans; want 2, 5 and 1", mine(first), mine(second), countOrphans(second, os.Getpid()))
	}
}

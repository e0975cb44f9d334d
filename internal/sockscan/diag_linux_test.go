package sockscan

import (
	"net"
	"testing"
)

// TestDumpPerFamilyAgrees checks that the single TCPDIAG_GETSOCK dump and
// the per-family dumps it falls back to list the same sockets, IPv4 and
// IPv6, with the same fields.
func TestDumpPerFamilyAgrees(t *testing.T) {
	var keep []net.Listener
	for _, addr := range []string{"127.0.0.1:0", "[::1]:0"} {
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			if addr == "[::1]:0" {
				continue // no IPv6
			}
			t.Fatal(err)
		}
		keep = append(keep, ln)
	}
	defer func() {
		for _, ln := range keep {
			ln.Close()
		}
	}()
	// Only the test's own listeners are compared: other programs may
	// open and close sockets between the dumps.
	ours := make(map[uint16]bool)
	for _, ln := range keep {
		ours[uint16(ln.Addr().(*net.TCPAddr).Port)] = true
	}
	list := func(perFamily bool) map[uint64]Socket {
		d, err := dialDiag(0)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		d.perFamily = perFamily
		got := make(map[uint64]Socket)
		if err := d.dumpAll(mask([]State{Listen}), true, func(s *Socket) {
			if ours[s.Local.Port()] {
				got[s.Inode] = *s
			}
		}); err != nil {
			t.Fatal(err)
		}
		if d.perFamily != perFamily {
			t.Logf("the kernel refused TCPDIAG_GETSOCK: only the per-family dumps are checked")
		}
		inodes := make(map[uint64]bool)
		if err := d.dumpInodes(mask([]State{Listen}), func(ino uint64) { inodes[ino] = true }); err != nil {
			t.Fatal(err)
		}
		for ino := range got {
			if !inodes[ino] {
				t.Errorf("perFamily=%v: dumpInodes missed inode %d", perFamily, ino)
			}
		}
		return got
	}
	one, two := list(false), list(true)
	if len(one) != len(keep) {
		t.Errorf("dumped %d of the test's %d listeners", len(one), len(keep))
	}
	for ino, s := range one {
		u, ok := two[ino]
		if !ok {
			t.Errorf("socket %v (inode %d) missing from the per-family dumps", s.Local, ino)
			continue
		}
		if s.Local != u.Local || s.Family != u.Family || s.State != u.State || s.HasInfo != u.HasInfo {
			t.Errorf("inode %d: %+v, per family %+v", ino, s, u)
		}
	}
	for ino, s := range two {
		if _, ok := one[ino]; !ok {
			t.Errorf("socket %v (inode %d) missing from the single dump", s.Local, ino)
		}
	}
}

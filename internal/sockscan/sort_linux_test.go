package sockscan

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
)

// TestSortSockets checks that sortSockets orders as compareSockets does,
// through packed keys (IPv4) and through the general path (IPv6 mixed in).
func TestSortSockets(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	addr4 := func() netip.Addr {
		return netip.AddrFrom4([4]byte{byte(r.IntN(3)) * 100, 0, byte(r.IntN(2)), byte(r.IntN(4)) * 60})
	}
	for _, v6 := range []bool{false, true} {
		socks := make([]Socket, 3000)
		for i := range socks {
			s := &socks[i]
			s.State = []State{CloseWait, Established, TimeWait, Listen}[r.IntN(4)]
			s.PID = []int{0, 7, 300, 1<<22 - 1}[r.IntN(4)]
			s.Local = netip.AddrPortFrom(addr4(), uint16(r.IntN(4))*20000)
			s.Remote = netip.AddrPortFrom(addr4(), uint16(r.IntN(65536)))
			if v6 && i%10 == 0 {
				s.Remote = netip.AddrPortFrom(netip.MustParseAddr("::1"), 80)
			}
			s.Inode = uint64(i)
		}
		want := slices.Clone(socks)
		slices.SortStableFunc(want, func(a, b Socket) int { return compareSockets(&a, &b) })
		sortSockets(socks)
		for i := range socks {
			if compareSockets(&socks[i], &want[i]) != 0 {
				t.Fatalf("v6=%v: position %d: got %+v, want %+v", v6, i, socks[i], want[i])
			}
		}
		seen := make(map[uint64]bool)
		for i := range socks {
			seen[socks[i].Inode] = true
		}
		if len(seen) != len(socks) {
			t.Fatalf("v6=%v: sorting lost sockets: %d distinct of %d", v6, len(seen), len(socks))
		}
	}
}

// TestInodeIndex checks both forms of the index: dense (close inodes)
// and map (scattered inodes), with a TIME_WAIT socket (inode 0).
func TestInodeIndex(t *testing.T) {
	for _, inodes := range [][]uint64{
		{1000, 1003, 0, 1001, 999},
		{5, 1 << 40, 0, 77, 1<<32 + 9},
	} {
		socks := make([]Socket, len(inodes))
		for i, ino := range inodes {
			socks[i].Inode = ino
		}
		x := newInodeIndex(socks)
		if x.n != len(inodes)-1 {
			t.Errorf("%v: n = %d, want %d", inodes, x.n, len(inodes)-1)
		}
		for i, ino := range inodes {
			j, ok := x.get(ino)
			if ino == 0 {
				if ok {
					t.Errorf("%v: inode 0 found at %d", inodes, j)
				}
				continue
			}
			if !ok || int(j) != i {
				t.Errorf("%v: get(%d) = %d, %v; want %d", inodes, ino, j, ok, i)
			}
		}
		for _, ino := range []uint64{2, 998, 1002, 1004, 1 << 41} {
			if _, ok := x.get(ino); ok {
				t.Errorf("%v: get(%d) found a socket", inodes, ino)
			}
		}
	}
}

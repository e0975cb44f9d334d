// Benchmarks of the per-socket steps of a scan at 50,000 sockets:
// go test ./internal/sockscan -run X -bench . -benchmem

package sockscan

import (
	"math/rand/v2"
	"net/netip"
	"testing"
)

func benchSocks() []Socket {
	r := rand.New(rand.NewPCG(1, 2))
	socks := make([]Socket, 50000)
	for i := range socks {
		s := &socks[i]
		s.State = CloseWait
		s.PID = 1000 + r.IntN(3)
		s.Local = netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), 34000)
		s.Remote = netip.AddrPortFrom(netip.AddrFrom4([4]byte{127, 0, 0, 1}), uint16(r.IntN(65536)))
		s.Inode = 600000 + uint64(r.IntN(70000))
	}
	return socks
}

func BenchmarkSortPacked(b *testing.B) {
	src := benchSocks()
	socks := make([]Socket, len(src))
	for b.Loop() {
		copy(socks, src)
		sortSockets(socks)
	}
}

func BenchmarkSortGeneral(b *testing.B) {
	src := benchSocks()
	socks := make([]Socket, len(src))
	src[0].Remote = netip.MustParseAddrPort("[::1]:80")
	for b.Loop() {
		copy(socks, src)
		sortSockets(socks)
	}
}

func BenchmarkIndexDense(b *testing.B) {
	src := benchSocks()
	for b.Loop() {
		x := newInodeIndex(src)
		for i := range src {
			x.get(src[i].Inode)
		}
	}
}

func BenchmarkIndexMap(b *testing.B) {
	src := benchSocks()
	for b.Loop() {
		m := make(map[uint64]int32, len(src))
		for i := range src {
			m[src[i].Inode] = int32(i)
		}
		for i := range src {
			_ = m[src[i].Inode]
		}
	}
}

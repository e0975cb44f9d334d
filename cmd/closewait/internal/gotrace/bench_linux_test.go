package gotrace

import (
	"fmt"
	"runtime"
	"testing"
	"time"
)

// BenchmarkSocketMap50k measures the memory of the per-socket maps
// (socket inode -> how the socket was created) of Tracers whose processes
// hold 50,004 sockets opened while traced: three processes (the fd hard
// limit here is 20,000 a process) of 8,334 loopback connections each,
// both ends, attached to one ring as the exporter attaches them. It
// reports the Go heap after the events are handled less the heap before,
// both after a collection, and asserts nothing:
//
//	go test -run '^$' -bench SocketMap50k -benchtime=1x ./cmd/closewait/internal/gotrace
func BenchmarkSocketMap50k(b *testing.B) {
	requireBPF(b)
	const procs, conns = 3, 8334
	for range b.N {
		var exes Executables
		ring, err := OpenRing()
		if err != nil {
			b.Fatal(err)
		}
		children := make([]*child, procs)
		tracers := make(map[uint32]*Tracer)
		for i := range children {
			children[i] = startChild(b)
			exe, err := exes.Open(children[i].pid)
			if err != nil {
				b.Fatal(err)
			}
			tr, err := ring.Attach(children[i].pid, exe, uint32(i+1))
			if err != nil {
				b.Fatal(err)
			}
			tracers[uint32(i+1)] = tr
		}
		before := heap()
		// The ring holds 8 MB, about 14,000 events: it is read while the
		// children connect, until they are done and it is empty.
		done := make(chan bool, procs)
		for _, c := range children {
			fmt.Fprintf(c.in, "hold %d\n", conns)
			go func() { done <- c.out.Scan() && c.out.Text() == "done" }()
		}
		for waiting := procs; waiting > 0; {
			select {
			case ok := <-done:
				if !ok {
					b.Fatal("a child failed")
				}
				waiting--
			default:
				next(b, ring, tracers, 10*time.Millisecond)
			}
		}
		for next(b, ring, tracers, 300*time.Millisecond) {
		}
		after := heap()
		n := 0
		for _, tr := range tracers {
			n += len(tr.Sockets)
		}
		b.ReportMetric(float64(n), "sockets")
		b.ReportMetric(float64(ring.Lost()), "lost-events")
		b.ReportMetric(float64(after-before)/float64(n), "bytes/socket")
		b.ReportMetric(float64(after-before)/(1<<20), "MB")
		for _, tr := range tracers {
			tr.Close()
			exes.Release(tr.Exe)
		}
		ring.Close()
	}
}

// next handles the next event of the ring, if one comes within wait.
func next(b *testing.B, r *Ring, tracers map[uint32]*Tracer, wait time.Duration) bool {
	ev, ok, err := r.Next(time.Now().Add(wait))
	if err != nil {
		b.Fatal(err)
	}
	if ok {
		tracers[ev.Tag].Handle(ev)
	}
	return ok
}

// heap returns the bytes of live heap objects after a collection.
func heap() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

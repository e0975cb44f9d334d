package sockscan_test

import (
	"math"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/internal/sockscan"
)

// churn opens and closes loopback connections as fast as it can until
// the test ends, so that the socket tables change while they are read.
func churn(t *testing.T, workers int) {
	t.Helper()
	stop := make(chan struct{})
	wait := churnBounded(t, workers, math.MaxInt, time.Now().Add(time.Hour), stop)
	t.Cleanup(func() {
		close(stop)
		wait()
	})
}

// TestProcChurnNoDuplicates scans the socket tables, through /proc and
// netlink in turn, while connections churn: a table read in pieces may
// return a socket twice, which must be listed once (a second row had no
// owner: pid 0, fd -1).
func TestProcChurnNoDuplicates(t *testing.T) {
	hold(t, holder.Config{Addr: "127.0.0.1", N: 300, Listener: true})
	churn(t, 8)
	deadline := time.Now().Add(3 * time.Second)
	scans := 0
	for time.Now().Before(deadline) {
		snap, err := sockscan.Scan(sockscan.ScanOptions{States: sockscan.AllStates(), Owners: true, ProcOnly: scans%2 == 0})
		if err != nil {
			t.Fatal(err)
		}
		scans++
		seen := make(map[uint64]bool)
		for _, s := range snap.Sockets {
			if s.Inode == 0 {
				continue
			}
			if seen[s.Inode] {
				t.Fatalf("scan %d: inode %d listed twice (%s %s -> %s, pid %d)", scans, s.Inode, s.State, s.Local, s.Remote, s.PID)
			}
			seen[s.Inode] = true
		}
	}
	t.Logf("%d scans", scans)
}

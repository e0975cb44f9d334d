package sockscan_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/internal/sockscan"
)

// churnBounded runs a healthy loopback server that accepts and closes
// connections while workers dial and close them, until stop is closed,
// the deadline passes or max connections were made. It returns the
// number of connections made once it has stopped.
func churnBounded(t *testing.T, workers, max int, deadline time.Time, stop <-chan struct{}) func() int64 {
	return churnWith(t, workers, max, deadline, stop, false)
}

// churnWith is churnBounded; with reset, the clients close with a reset,
// and the server reads each connection until the reset and closes it a
// few milliseconds later (as a handler that logs the error first would):
// meanwhile it holds a reset socket, in no table, as it would an orphaned
// one.
func churnWith(t *testing.T, workers, max int, deadline time.Time, stop <-chan struct{}, reset bool) func() int64 {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var made atomic.Int64
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			if !reset {
				c.Close()
				continue
			}
			go func() {
				c.Read(make([]byte, 1))
				time.Sleep(5 * time.Millisecond)
				c.Close()
			}()
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for made.Load() < int64(max) && time.Now().Before(deadline) {
				select {
				case <-stop:
					return
				default:
				}
				if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
					made.Add(1)
					if reset {
						c.(*net.TCPConn).SetLinger(0)
					}
					c.Close()
				}
			}
		}()
	}
	var once sync.Once
	wait := func() int64 {
		once.Do(func() {
			ln.Close()
			wg.Wait()
		})
		return made.Load()
	}
	t.Cleanup(func() { wait() })
	return wait
}

// TestOrphanChurn scans, as a one-shot health check does, a process that
// churns thousands of loopback connections per second and holds one real
// orphan (a connection reset while held). A churning connection may be
// open when its descriptor is read and gone from the tables by the time
// they are read, or reset and not yet closed: only the real orphan may be
// reported, in every scan.
func TestOrphanChurn(t *testing.T) {
	for _, reset := range []bool{false, true} {
		t.Run(map[bool]string{false: "close", true: "reset"}[reset], func(t *testing.T) { orphanChurn(t, reset) })
	}
}

// orphanChurn is TestOrphanChurn, with clients that close with a reset
// or not.
func orphanChurn(t *testing.T, reset bool) {
	h := hold(t, holder.Config{Addr: "127.0.0.1", Orphans: 1, Listener: true})
	real := fdOf(t, h.Orphans[0])
	stop := make(chan struct{})
	wait := churnWith(t, 8, 200000, time.Now().Add(20*time.Second), stop, reset)
	time.Sleep(100 * time.Millisecond) // let the churn start
	scans, spurious := 0, 0
	for range 15 {
		snap, err := sockscan.Scan(sockscan.ScanOptions{Owners: true, Orphans: true, Info: true})
		if err != nil {
			t.Fatal(err)
		}
		scans++
		found := false
		for _, o := range snap.Orphaned {
			if o.PID != os.Getpid() {
				continue
			}
			if o.FD == real {
				found = true
				continue
			}
			spurious++
			out, _ := exec.Command("sh", "-c", fmt.Sprintf("ls -l /proc/%d/fd/%d; grep -h ' %d ' /proc/net/tcp /proc/net/tcp6; ss -tanie | grep -B1 'ino:%d'", o.PID, o.FD, o.Inode, o.Inode)).CombinedOutput()
			t.Logf("%s", out)
			t.Errorf("scan %d: churning connection reported as orphaned: %+v", scans, o)
		}
		if !found {
			t.Errorf("scan %d: the real orphan (fd %d) was not reported: %+v", scans, real, snap.Orphaned)
		}
	}
	close(stop)
	n := wait()
	t.Logf("%d scans, %d connections churned, %d spurious orphans", scans, n, spurious)
	if n < 1000 {
		t.Errorf("only %d connections churned: the test did not exercise the race", n)
	}
}

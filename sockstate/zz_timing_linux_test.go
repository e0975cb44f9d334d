package sockstate

import (
	"os"
	"testing"
	"time"
)

func TestZZTiming(t *testing.T) {
	if os.Getenv("ZZ") == "" {
		t.Skip()
	}
	sc := NewScanner(Options{Owners: true, Orphans: true, Info: true, AllNamespaces: true})
	sc.fds = newFDScanner()
	sc.selfs = netNS(os.Getpid())
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		spaces, _ := sc.namespaces()
		t1 := time.Now()
		tb, _ := readTable(spaces[0], []State{CloseWait}, true, true, false)
		t2 := time.Now()
		r := sc.readAllFDs(spaces[0].pids)
		t3 := time.Now()
		tb2, _ := readTable(spaces[0], []State{CloseWait}, false, true, false)
		t4 := time.Now()
		t.Logf("ns %v table(info) %v (%d) fds %v (%d) table(noinfo) %v (%d)", t1.Sub(t0), t2.Sub(t1), len(tb.sockets), t3.Sub(t2), len(r.refs), t4.Sub(t3), len(tb2.sockets))
	}
}

package exporter

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/closewait/closewait/internal/sockscan"
)

func TestParseFlags(t *testing.T) {
	cfg, err := parseFlags(nil, new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Listen != ":9815" || cfg.ScanTimeout != 8*time.Second || cfg.PIDLabel || cfg.filtered() || cfg.FullEvery != 1 ||
		cfg.Trace || cfg.TraceTop != 10 || cfg.TracePoll != time.Second {
		t.Errorf("defaults: %+v", cfg)
	}
	cfg, err = parseFlags([]string{"-pid", "1, 2", "-command", "nginx|envoy", "-netns", "net:[4026531840],7", "-pid-label"}, new(bytes.Buffer))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.PIDs) != 2 || !cfg.Command.MatchString("envoy") || cfg.Command.MatchString("envoy2") ||
		!cfg.NetNS.inodes[4026531840] || !cfg.NetNS.inodes[7] || !cfg.PIDLabel || !cfg.filtered() {
		t.Errorf("parsed: %+v", cfg)
	}
	var help bytes.Buffer
	if _, err := parseFlags([]string{"-help"}, &help); !errors.Is(err, flag.ErrHelp) || !strings.Contains(help.String(), "closewait_close_wait_sockets") {
		t.Errorf("-help: %v\n%s", err, help.String())
	}
	for _, tc := range []struct{ args, want string }{
		{"-pid x", `-pid: bad process id "x"`},
		{"-pid 0", `-pid: bad process id "0"`},
		{"-command (", "-command: bad regular expression"},
		{"-netns nosuchns", `-netns: "nosuchns": stat /run/netns/nosuchns`},
		{"-netns /etc/hostname", "is not a namespace file"},
		{"-netns ,", "empty namespace list"},
		{"-listen 9815", `-listen: "9815" is not host:port`},
		{"-scan-timeout 0s", "-scan-timeout: 0s is not positive"},
		{"-full-every 0", "-full-every: 0 is less than 1"},
		{"-trace -trace-top 0", "-trace-top: 0 is less than 1"},
		{"-trace -trace-poll 0s", "-trace-poll: 0s is not positive"},
		{"extra", `unexpected argument "extra"`},
	} {
		_, err := parseFlags(strings.Fields(tc.args), new(bytes.Buffer))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.args, err, tc.want)
		}
	}
}

// fakeSnapshot has 3 CLOSE_WAIT sockets of two "app" processes, one of
// an unknown owner, 2 orphaned fds, and TIME_WAIT sockets of which at most
// 3 hold an ephemeral port to one destination.
func fakeSnapshot() *scanResult {
	lo := netip.MustParseAddrPort("127.0.0.1:80")
	cw := func(pid int, dir sockscan.Direction, age time.Duration) sockscan.Socket {
		return sockscan.Socket{State: sockscan.CloseWait, Local: lo, PID: pid, Command: "app", Direction: dir, HasInfo: true, Age: age, AgeMax: age}
	}
	// TIME_WAIT sockets, outbound: the ephemeral port range is 1000-1999.
	tw := func(local, remote string) sockscan.Socket {
		return sockscan.Socket{State: sockscan.TimeWait, Local: netip.MustParseAddrPort(local),
			Remote: netip.MustParseAddrPort(remote), Direction: sockscan.Outbound}
	}
	snap := &sockscan.Snapshot{
		States:   map[sockscan.State]int{sockscan.CloseWait: 4, sockscan.TimeWait: 10, sockscan.Listen: 1},
		Outbound: map[sockscan.State]int{sockscan.CloseWait: 1, sockscan.TimeWait: 6},
		Sockets: []sockscan.Socket{
			cw(10, sockscan.Inbound, 2*time.Second), cw(10, sockscan.Outbound, 5*time.Second),
			cw(11, sockscan.Inbound, time.Second),
			{State: sockscan.CloseWait, Local: lo, Direction: sockscan.Inbound},
			tw("127.0.0.1:1001", "10.0.0.1:443"), tw("127.0.0.1:1002", "10.0.0.1:443"), tw("127.0.0.1:1003", "10.0.0.1:443"),
			tw("127.0.0.1:1001", "10.0.0.2:443"), tw("127.0.0.1:3000", "10.0.0.2:443"), tw("127.0.0.1:3001", "10.0.0.2:443"),
		},
		Orphaned: []sockscan.Orphan{{PID: 11, Command: "app", FD: 7}, {PID: 11, Command: "app", FD: 8}},
		Processes: map[int]*sockscan.Process{
			10: {PID: 10, Command: "app", OpenFDs: 100, FDLimit: 1000},
			11: {PID: 11, Command: "app", OpenFDs: 90, FDLimit: 100},
		},
		Denied: []int{1, 2},
	}
	return &scanResult{snap: snap, kern: sockscan.Kernel{PortLow: 1000, PortHigh: 1999}, sel: selection{scanned: 50}}
}

func TestCollect(t *testing.T) {
	c := newCollector(&config{ScanTimeout: time.Second, FullEvery: 1}, nil)
	c.scanFunc = func() (*scanResult, error) { return fakeSnapshot(), nil }
	names := []string{"closewait_sockets", "closewait_close_wait_sockets", "closewait_orphaned_fds", "closewait_close_wait_oldest_seconds",
		"closewait_open_fds", "closewait_max_fds", "closewait_time_wait_sockets", "closewait_ephemeral_ports_used_ratio",
		"closewait_unattributed_sockets", "closewait_unreadable_processes", "closewait_scanned_processes",
		"closewait_scan_success", "closewait_scan_errors_total"}
	got := samples(t, c, names...)
	w := want(`
		closewait_sockets{state="close"} 0
		closewait_sockets{state="close_wait"} 4
		closewait_sockets{state="closing"} 0
		closewait_sockets{state="established"} 0
		closewait_sockets{state="fin_wait1"} 0
		closewait_sockets{state="fin_wait2"} 0
		closewait_sockets{state="last_ack"} 0
		closewait_sockets{state="listen"} 1
		closewait_sockets{state="syn_recv"} 0
		closewait_sockets{state="syn_sent"} 0
		closewait_sockets{state="time_wait"} 10
		closewait_close_wait_sockets{command="app",direction="inbound"} 2
		closewait_close_wait_sockets{command="app",direction="outbound"} 1
		closewait_orphaned_fds{command="app"} 2
		closewait_close_wait_oldest_seconds{command="app"} 5
		closewait_open_fds{command="app"} 90
		closewait_max_fds{command="app"} 100
		closewait_time_wait_sockets{direction="inbound"} 4
		closewait_time_wait_sockets{direction="outbound"} 6
		closewait_ephemeral_ports_used_ratio 0.003
		closewait_unattributed_sockets 1
		closewait_unreadable_processes 2
		closewait_scanned_processes 50
		closewait_scan_success 1
		closewait_scan_errors_total 0`)
	if got != w {
		t.Errorf("got:\n%s\nwant:\n%s", got, w)
	}
	if problems, err := testutil.CollectAndLint(c); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %+v", err, problems)
	}

	// With the pid label: one series per process.
	c = newCollector(&config{ScanTimeout: time.Second, FullEvery: 1, PIDLabel: true}, nil)
	c.scanFunc = func() (*scanResult, error) { return fakeSnapshot(), nil }
	got = samples(t, c, "closewait_open_fds", "closewait_orphaned_fds", "closewait_close_wait_sockets")
	w = want(`
		closewait_open_fds{command="app",pid="10"} 100
		closewait_open_fds{command="app",pid="11"} 90
		closewait_orphaned_fds{command="app",pid="10"} 0
		closewait_orphaned_fds{command="app",pid="11"} 2
		closewait_close_wait_sockets{command="app",direction="inbound",pid="10"} 1
		closewait_close_wait_sockets{command="app",direction="outbound",pid="10"} 1
		closewait_close_wait_sockets{command="app",direction="inbound",pid="11"} 1
		closewait_close_wait_sockets{command="app",direction="outbound",pid="11"} 0`)
	if got != w {
		t.Errorf("with -pid-label, got:\n%s\nwant:\n%s", got, w)
	}

	// A filtered view has no inbound TIME_WAIT count and no ephemeral port ratio.
	c = newCollector(&config{ScanTimeout: time.Second, FullEvery: 1, PIDs: []int{10}}, nil)
	c.scanFunc = func() (*scanResult, error) { return fakeSnapshot(), nil }
	if got, w := samples(t, c, "closewait_time_wait_sockets", "closewait_ephemeral_ports_used_ratio"), `closewait_time_wait_sockets{direction="outbound"} 6`; got != w {
		t.Errorf("filtered: got %s, want %s", got, w)
	}
}

// samples gathers c and returns the samples of the named metrics, one
// "name{labels} value" line each, sorted, labels in name order.
func samples(t *testing.T, c prometheus.Collector, names ...string) string {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(c); err != nil {
		t.Fatal(err)
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, mf := range mfs {
		if !slices.Contains(names, mf.GetName()) {
			continue
		}
		for _, m := range mf.GetMetric() {
			var ls []string
			for _, l := range m.GetLabel() {
				ls = append(ls, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			v := m.GetGauge().GetValue()
			if m.GetCounter() != nil {
				v = m.GetCounter().GetValue()
			}
			lbl := ""
			if len(ls) > 0 {
				lbl = "{" + strings.Join(ls, ",") + "}"
			}
			lines = append(lines, fmt.Sprintf("%s%s %g", mf.GetName(), lbl, v))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// want returns lines sorted and joined as samples returns them.
func want(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := range lines {
		lines[i] = strings.TrimSpace(lines[i])
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}

// TestScanSharedAndTimeout checks that concurrent collections share one
// scan, and that a scan slower than the timeout fails the collection with
// closewait_scan_success 0 and counts an error, without starting another
// scan while it runs.
func TestScanSharedAndTimeout(t *testing.T) {
	c := newCollector(&config{ScanTimeout: 5 * time.Second, FullEvery: 1}, nil)
	var calls atomic.Int32
	release := make(chan struct{})
	c.scanFunc = func() (*scanResult, error) {
		calls.Add(1)
		<-release
		return fakeSnapshot(), nil
	}
	var wg sync.WaitGroup
	counts := make([]int, 4)
	for i := range counts {
		wg.Go(func() { counts[i] = testutil.CollectAndCount(c, "closewait_close_wait_sockets") })
	}
	time.Sleep(200 * time.Millisecond) // let the four join the flight
	close(release)
	wg.Wait()
	if calls.Load() != 1 {
		t.Errorf("%d scans for 4 concurrent collections, want 1", calls.Load())
	}
	for i, n := range counts {
		if n != 2 {
			t.Errorf("collection %d: %d close_wait series, want 2", i, n)
		}
	}

	// A scan that outlives the timeout.
	c.cfg.ScanTimeout = 100 * time.Millisecond
	calls.Store(0)
	release = make(chan struct{})
	defer close(release)
	for i := range 2 {
		got := samples(t, c, "closewait_scan_success", "closewait_scan_errors_total", "closewait_close_wait_sockets")
		w := want(fmt.Sprintf("closewait_scan_success 0\nclosewait_scan_errors_total %d", i+1))
		if got != w {
			t.Errorf("timeout %d: got:\n%s\nwant:\n%s", i, got, w)
		}
	}
	if calls.Load() != 1 {
		t.Errorf("%d scans started while one hung, want 1", calls.Load())
	}
}

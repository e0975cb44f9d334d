package exporter

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
)

// fakeSites has command "api" (two processes, pids 10 and 11) with four
// sites, one of them at 0, and sockets opened before attaching; command
// "db" traced with nothing open; one Go process of "legacy" that could
// not be attached to.
func fakeSites(pidLabel bool) *siteView {
	v := newSiteView(true)
	o := func(pid int) owner {
		if !pidLabel {
			pid = 0
		}
		return owner{"api", pid}
	}
	v.traced[o(10)]++
	v.traced[o(11)]++
	v.traced[owner{command: "db"}]++
	v.failed[owner{command: "legacy"}]++
	dial := site{"main.fetch", "example.com/api@v1.2.0/client.go", 42}
	accept := site{"main.serve", "example.com/api@v1.2.0/server.go", 71}
	get := site{"main.health", "example.com/api@v1.2.0/health.go", 9}
	idle := site{"main.ping", "example.com/api@v1.2.0/ping.go", 5}
	c := v.at(o(10), dial)
	c.outbound, c.orphaned, c.dirs[1] = c.outbound+5, c.orphaned+2, true
	c = v.at(o(11), dial)
	c.outbound, c.dirs[1] = c.outbound+1, true
	c = v.at(o(10), accept)
	c.inbound, c.dirs[0] = c.inbound+3, true
	c = v.at(o(11), get)
	c.outbound, c.dirs[1] = c.outbound+1, true
	v.at(o(10), idle).dirs[1] = true
	v.unattributedOf(o(10)).inbound = 4
	v.tracked, v.lost = 120, 7
	return v
}

func TestCollectSites(t *testing.T) {
	names := []string{"closewait_close_wait_sockets_by_site", "closewait_orphaned_fds_by_site",
		"closewait_trace_unattributed_close_wait_sockets", "closewait_trace_unattributed_orphaned_fds",
		"closewait_trace_attached", "closewait_traced_processes", "closewait_trace_failed_processes",
		"closewait_trace_tracked_sockets", "closewait_trace_lost_events_total"}
	collector := func(cfg *config, v *siteView) *collector {
		cfg.ScanTimeout, cfg.FullEvery = time.Second, 1
		c := newCollector(cfg, nil)
		c.scanFunc = func() (*scanResult, error) {
			res := fakeSnapshot()
			res.sites = v
			return res, nil
		}
		return c
	}

	// Every site within -trace-top: the two processes of api summed.
	c := collector(&config{TraceTop: 10}, fakeSites(false))
	got := samples(t, c, names...)
	w := want(`
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="example.com/api@v1.2.0/client.go",function="main.fetch",line="42"} 6
		closewait_close_wait_sockets_by_site{command="api",direction="inbound",file="example.com/api@v1.2.0/server.go",function="main.serve",line="71"} 3
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="example.com/api@v1.2.0/health.go",function="main.health",line="9"} 1
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="example.com/api@v1.2.0/ping.go",function="main.ping",line="5"} 0
		closewait_orphaned_fds_by_site{command="api",file="example.com/api@v1.2.0/client.go",function="main.fetch",line="42"} 2
		closewait_orphaned_fds_by_site{command="api",file="example.com/api@v1.2.0/server.go",function="main.serve",line="71"} 0
		closewait_orphaned_fds_by_site{command="api",file="example.com/api@v1.2.0/health.go",function="main.health",line="9"} 0
		closewait_orphaned_fds_by_site{command="api",file="example.com/api@v1.2.0/ping.go",function="main.ping",line="5"} 0
		closewait_trace_unattributed_close_wait_sockets{command="api",direction="inbound"} 4
		closewait_trace_unattributed_close_wait_sockets{command="api",direction="outbound"} 0
		closewait_trace_unattributed_close_wait_sockets{command="db",direction="inbound"} 0
		closewait_trace_unattributed_close_wait_sockets{command="db",direction="outbound"} 0
		closewait_trace_unattributed_orphaned_fds{command="api"} 0
		closewait_trace_unattributed_orphaned_fds{command="db"} 0
		closewait_trace_attached 1
		closewait_traced_processes{command="api"} 2
		closewait_traced_processes{command="db"} 1
		closewait_trace_failed_processes{command="legacy"} 1
		closewait_trace_tracked_sockets 120
		closewait_trace_lost_events_total 7`)
	if got != w {
		t.Errorf("got:\n%s\nwant:\n%s", got, w)
	}
	if problems, err := testutil.CollectAndLint(c); err != nil || len(problems) > 0 {
		t.Errorf("lint: %v %+v", err, problems)
	}

	// -trace-top 2: the two sites with the most sockets, the others summed
	// as other, both directions of theirs.
	c = collector(&config{TraceTop: 2}, fakeSites(false))
	got = samples(t, c, "closewait_close_wait_sockets_by_site", "closewait_orphaned_fds_by_site")
	w = want(`
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="example.com/api@v1.2.0/client.go",function="main.fetch",line="42"} 6
		closewait_close_wait_sockets_by_site{command="api",direction="inbound",file="example.com/api@v1.2.0/server.go",function="main.serve",line="71"} 3
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="other",function="other",line="0"} 1
		closewait_orphaned_fds_by_site{command="api",file="example.com/api@v1.2.0/client.go",function="main.fetch",line="42"} 2
		closewait_orphaned_fds_by_site{command="api",file="example.com/api@v1.2.0/server.go",function="main.serve",line="71"} 0
		closewait_orphaned_fds_by_site{command="api",file="other",function="other",line="0"} 0`)
	if got != w {
		t.Errorf("-trace-top 2: got:\n%s\nwant:\n%s", got, w)
	}

	// -pid-label: one series per process, top sites per process.
	c = collector(&config{TraceTop: 1, PIDLabel: true}, fakeSites(true))
	got = samples(t, c, "closewait_close_wait_sockets_by_site", "closewait_traced_processes")
	w = want(`
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="example.com/api@v1.2.0/client.go",function="main.fetch",line="42",pid="10"} 5
		closewait_close_wait_sockets_by_site{command="api",direction="inbound",file="other",function="other",line="0",pid="10"} 3
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="other",function="other",line="0",pid="10"} 0
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="example.com/api@v1.2.0/client.go",function="main.fetch",line="42",pid="11"} 1
		closewait_close_wait_sockets_by_site{command="api",direction="outbound",file="other",function="other",line="0",pid="11"} 1
		closewait_traced_processes{command="api",pid="10"} 1
		closewait_traced_processes{command="api",pid="11"} 1
		closewait_traced_processes{command="db",pid="0"} 1`)
	if got != w {
		t.Errorf("-pid-label: got:\n%s\nwant:\n%s", got, w)
	}

	// Probes that cannot be attached: closewait_trace_attached 0 and no
	// site series, rather than empty ones.
	c = collector(&config{TraceTop: 10}, newSiteView(false))
	if got, w := samples(t, c, names...), "closewait_trace_attached 0"; got != w {
		t.Errorf("not attached: got:\n%s\nwant:\n%s", got, w)
	}
	if got := samples(t, c, "closewait_close_wait_sockets"); got == "" {
		t.Error("not attached: the socket metrics are missing too")
	}
}

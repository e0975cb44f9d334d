package exporter

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/prometheus/client_golang/prometheus"
)

// A site is a line of a traced program that opened sockets: the first
// frame outside the runtime and the standard library's networking, its
// file named as gotrace.Executable.SourcePath names it.
type site struct {
	function, file string
	line           int
}

// otherSite stands for the sites of a command past the -trace-top ones.
var otherSite = site{function: "other", file: "other"}

// siteCounts are one owner's sockets opened at one site.
type siteCounts struct {
	inbound, outbound int // in CLOSE_WAIT, by how the socket was opened (accepted or dialed)
	orphaned          int
	dirs              [2]bool // whether the site opens inbound ([0]) and outbound ([1]) sockets
}

func (c *siteCounts) total() int { return c.inbound + c.outbound + c.orphaned }

func (c *siteCounts) add(o *siteCounts) {
	c.inbound += o.inbound
	c.outbound += o.outbound
	c.orphaned += o.orphaned
	c.dirs[0] = c.dirs[0] || o.dirs[0]
	c.dirs[1] = c.dirs[1] || o.dirs[1]
}

// unattributed are one owner's sockets that no site is known for: opened
// before the exporter attached (or whose event was lost).
type unattributed struct {
	inbound, outbound, orphaned int
}

// A siteView is what -trace adds to one scan.
type siteView struct {
	attached bool // the probes work; the rest is empty when they do not
	// The owners' traced processes, and the Go processes the exporter
	// could not attach to.
	traced, failed map[owner]int
	sites          map[owner]map[site]*siteCounts
	unattributed   map[owner]*unattributed
	tracked        int    // sockets in the per-socket maps
	lost           uint64 // events lost to a full ring since the start
}

func newSiteView(attached bool) *siteView {
	return &siteView{attached: attached, traced: make(map[owner]int), failed: make(map[owner]int),
		sites: make(map[owner]map[site]*siteCounts), unattributed: make(map[owner]*unattributed)}
}

// at returns the counts of owner o at site s, creating them.
func (v *siteView) at(o owner, s site) *siteCounts {
	m := v.sites[o]
	if m == nil {
		m = make(map[site]*siteCounts)
		v.sites[o] = m
	}
	c := m[s]
	if c == nil {
		c = &siteCounts{}
		m[s] = c
	}
	return c
}

// unattributedOf returns the unattributed counts of owner o, creating them.
func (v *siteView) unattributedOf(o owner) *unattributed {
	u := v.unattributed[o]
	if u == nil {
		u = &unattributed{}
		v.unattributed[o] = u
	}
	return u
}

// top returns the top sites of one owner, most CLOSE_WAIT and orphaned
// sockets first, then by file, line and function, and the others summed
// as otherSite when there are more than n.
func top(sites map[site]*siteCounts, n int) ([]site, *siteCounts) {
	keys := make([]site, 0, len(sites))
	for s := range sites {
		keys = append(keys, s)
	}
	slices.SortFunc(keys, func(a, b site) int {
		return cmp.Or(cmp.Compare(sites[b].total(), sites[a].total()),
			cmp.Compare(a.file, b.file), cmp.Compare(a.line, b.line), cmp.Compare(a.function, b.function))
	})
	if len(keys) <= n {
		return keys, nil
	}
	other := &siteCounts{}
	for _, s := range keys[n:] {
		other.add(sites[s])
	}
	return keys[:n], other
}

// siteDescs describes the metrics of -trace.
type siteDescs struct {
	pidLabel                                bool
	byCloseWait, byOrphaned                 *prometheus.Desc
	unattrCloseWait, unattrOrphaned         *prometheus.Desc
	attached, traced, failed, tracked, lost *prometheus.Desc
}

func newSiteDescs(pidLabel bool) *siteDescs {
	per := func(labels ...string) []string {
		labels = append([]string{"command"}, labels...)
		if pidLabel {
			labels = append(labels, "pid")
		}
		return labels
	}
	nd := func(name, help string, labels []string) *prometheus.Desc {
		return prometheus.NewDesc("closewait_"+name, help, labels, nil)
	}
	return &siteDescs{
		pidLabel:        pidLabel,
		byCloseWait:     nd("close_wait_sockets_by_site", "TCP sockets in CLOSE_WAIT of the traced Go processes (-trace), by command and by the line of the program that opened them: function, file (module@version/path, or the path under GOROOT/src) and line; direction inbound for accepted sockets, outbound for dialed ones. Every site that opened a socket since the exporter attached has a series, 0 when none of its sockets is in CLOSE_WAIT; past the -trace-top sites of a command, the rest are summed under function, file \"other\" and line \"0\". Sockets opened before the exporter attached are in closewait_trace_unattributed_close_wait_sockets.", per("function", "file", "line", "direction")),
		byOrphaned:      nd("orphaned_fds_by_site", "Orphaned TCP fds (reset while still held) of the traced Go processes (-trace), by command and by the line that opened them, as closewait_close_wait_sockets_by_site.", per("function", "file", "line")),
		unattrCloseWait: nd("trace_unattributed_close_wait_sockets", "CLOSE_WAIT sockets of traced Go processes whose opening line is not known: opened before the exporter attached, or whose event was lost (closewait_trace_lost_events_total). Never guessed.", per("direction")),
		unattrOrphaned:  nd("trace_unattributed_orphaned_fds", "Orphaned TCP fds of traced Go processes whose opening line is not known, as closewait_trace_unattributed_close_wait_sockets.", per()),
		attached:        nd("trace_attached", "1 when -trace can attach its eBPF uprobes, 0 when it cannot (no uprobes in the kernel, no BPF, missing privileges: the reason is in the exporter's log at startup), in which case no per-site series exist.", nil),
		traced:          nd("traced_processes", "Go processes the exporter's probes are attached to, by command.", per()),
		failed:          nd("trace_failed_processes", "Go processes the exporter could not attach to (the reason is in its log), by command: their sockets have no sites.", per()),
		tracked:         nd("trace_tracked_sockets", "Sockets in the exporter's per-socket maps of opening sites (those the traced processes opened since it attached, the closed ones forgotten every few seconds once there are many).", nil),
		lost:            nd("trace_lost_events_total", "Socket creations whose event found the exporter's 8 MB ring buffer full, since it started: those sockets are unattributed.", nil),
	}
}

func (d *siteDescs) describe(ch chan<- *prometheus.Desc) {
	for _, x := range []*prometheus.Desc{d.byCloseWait, d.byOrphaned, d.unattrCloseWait, d.unattrOrphaned,
		d.attached, d.traced, d.failed, d.tracked, d.lost} {
		ch <- x
	}
}

// collect sends the metrics of v, with at most topN sites per owner.
func (d *siteDescs) collect(ch chan<- prometheus.Metric, v *siteView, topN int) {
	const g = prometheus.GaugeValue
	if !v.attached {
		send(ch, d.attached, g, 0)
		return
	}
	send(ch, d.attached, g, 1)
	send(ch, d.tracked, g, float64(v.tracked))
	send(ch, d.lost, prometheus.CounterValue, float64(v.lost))
	labels := func(o owner, more ...string) []string {
		l := append([]string{o.command}, more...)
		if d.pidLabel {
			l = append(l, strconv.Itoa(o.pid))
		}
		return l
	}
	for _, o := range sortedOwners(v.traced, v.failed, v.sites) {
		if n := v.traced[o]; n > 0 {
			send(ch, d.traced, g, float64(n), labels(o)...)
		}
		if n := v.failed[o]; n > 0 {
			send(ch, d.failed, g, float64(n), labels(o)...)
		}
		if v.traced[o] == 0 {
			continue
		}
		u := v.unattributed[o]
		if u == nil {
			u = &unattributed{}
		}
		send(ch, d.unattrCloseWait, g, float64(u.inbound), labels(o, "inbound")...)
		send(ch, d.unattrCloseWait, g, float64(u.outbound), labels(o, "outbound")...)
		send(ch, d.unattrOrphaned, g, float64(u.orphaned), labels(o)...)
		kept, other := top(v.sites[o], topN)
		emit := func(s site, c *siteCounts) {
			line := strconv.Itoa(s.line)
			if c.dirs[0] {
				send(ch, d.byCloseWait, g, float64(c.inbound), labels(o, s.function, s.file, line, "inbound")...)
			}
			if c.dirs[1] {
				send(ch, d.byCloseWait, g, float64(c.outbound), labels(o, s.function, s.file, line, "outbound")...)
			}
			send(ch, d.byOrphaned, g, float64(c.orphaned), labels(o, s.function, s.file, line)...)
		}
		for _, s := range kept {
			emit(s, v.sites[o][s])
		}
		if other != nil {
			emit(otherSite, other)
		}
	}
}

// sortedOwners returns the owners that key any of the maps, by command
// and pid.
func sortedOwners[V any](a, b map[owner]int, c map[owner]V) []owner {
	seen := make(map[owner]bool)
	var out []owner
	add := func(o owner) {
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	for o := range a {
		add(o)
	}
	for o := range b {
		add(o)
	}
	for o := range c {
		add(o)
	}
	slices.SortFunc(out, func(x, y owner) int { return cmp.Or(cmp.Compare(x.command, y.command), cmp.Compare(x.pid, y.pid)) })
	return out
}

package exporter

import (
	"cmp"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/closewait/closewait/internal/sockscan"
)

// descs describes the socket metrics. With the pid label, the
// per-command metrics have one series per process.
type descs struct {
	pidLabel bool

	sockets, closeWait, orphaned, oldest  *prometheus.Desc
	timeWait, ephemeral, openFDs, maxFDs  *prometheus.Desc
	unattributed, unreadable, scanned     *prometheus.Desc
	scanDuration, scanErrors, scanSuccess *prometheus.Desc
}

func newDescs(pidLabel bool) *descs {
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
	return &descs{
		pidLabel:  pidLabel,
		sockets:   nd("sockets", "TCP sockets by state (lower-case kernel name), in every network namespace scanned; with -pid, -command or -netns, only the sockets the selected processes hold.", []string{"state"}),
		closeWait: nd("close_wait_sockets", "TCP sockets in CLOSE_WAIT by owning command and direction (inbound: accepted on a listening port; outbound: dialed). The peer has closed; only the program's Close ends them.", per("direction")),
		orphaned:  nd("orphaned_fds", "Open TCP socket descriptors that are in no socket table (reset by the peer while still held, typically a leaked CLOSE_WAIT socket killed by keepalive), by command.", per()),
		oldest:    nd("close_wait_oldest_seconds", "Time since data last arrived on the oldest CLOSE_WAIT socket, by command (keepalive probes do not reset it): at least how long it has waited for Close (absent with -proc).", per()),
		timeWait:  nd("time_wait_sockets", "TCP sockets in TIME_WAIT by direction, in the scanned namespaces (outbound ones hold an ephemeral port; inbound is absent with -pid, -command or -netns, TIME_WAIT sockets having no owner).", []string{"direction"}),
		ephemeral: nd("ephemeral_ports_used_ratio", "Largest share of the ephemeral port range (the exporter's net.ipv4.ip_local_port_range) that outbound CLOSE_WAIT and TIME_WAIT sockets to one destination (remote address and port) hold in one network namespace: at 1, connect() to it fails with EADDRNOTAVAIL. Absent with -pid, -command or -netns.", nil),
		openFDs:   nd("open_fds", "Open descriptors of the processes that hold CLOSE_WAIT sockets or orphaned fds, by command: of the process of that command nearest its limit, unless there is a pid label.", per()),
		maxFDs:    nd("max_fds", "Soft RLIMIT_NOFILE of the process that closewait_open_fds describes (absent when unlimited or unreadable).", per()),

		unattributed: nd("unattributed_sockets", "CLOSE_WAIT sockets whose owning process could not be found (other users' processes without root, or sockets being closed): they are in closewait_sockets but in no closewait_close_wait_sockets series.", nil),
		unreadable:   nd("unreadable_processes", "Processes whose descriptors (or, with -netns, network namespace) could not be read, typically other users' processes without root: their sockets are unattributed and their orphaned fds unseen.", nil),
		scanned:      nd("scanned_processes", "Processes the scan looked at (all processes, or those that -pid, -command and -netns select).", nil),
		scanDuration: nd("scan_duration_seconds", "Duration of the scan that served this scrape (on a timeout, the time waited for it).", nil),
		scanErrors:   nd("scan_errors_total", "Scrapes whose scan failed or timed out since the exporter started.", nil),
		scanSuccess:  nd("scan_success", "1 if the scan that served this scrape succeeded, 0 if it failed or timed out (the socket metrics are then absent).", nil),
	}
}

func (d *descs) describe(ch chan<- *prometheus.Desc) {
	for _, x := range []*prometheus.Desc{d.sockets, d.closeWait, d.orphaned, d.oldest, d.timeWait, d.ephemeral,
		d.openFDs, d.maxFDs, d.unattributed, d.unreadable, d.scanned, d.scanDuration, d.scanErrors, d.scanSuccess} {
		ch <- x
	}
}

// send sends one constant metric; an invalid one (a bug) is sent as such,
// which fails that series of the scrape instead of the exporter.
func send(ch chan<- prometheus.Metric, d *prometheus.Desc, t prometheus.ValueType, v float64, labels ...string) {
	m, err := prometheus.NewConstMetric(d, t, v, labels...)
	if err != nil {
		m = prometheus.NewInvalidMetric(d, err)
	}
	ch <- m
}

// An owner is what the per-command series are keyed by: a command, and a
// process with the pid label.
type owner struct {
	command string
	pid     int // 0 without the pid label
}

// ownerStats is what one owner holds.
type ownerStats struct {
	inbound, outbound int
	orphaned          int
	oldest            float64 // seconds; -1 when no age is known
	openFDs           int
	maxFDs            uint64
	hasProcess        bool
}

// A view is the metric values of one scan.
type view struct {
	states       map[string]int
	owners       map[owner]*ownerStats
	timeWaitIn   int // -1 when unknown
	timeWaitOut  int
	ephemeral    float64 // -1 when unknown
	unattributed int
	unreadable   int
	scanned      int
}

// stateLabel returns the label value of a state: its kernel name in lower
// case, as node_exporter's node_tcp_connection_states has it.
func stateLabel(s sockscan.State) string { return strings.ToLower(s.String()) }

// aggregate computes the metric values of a scan.
func aggregate(res *scanResult, cfg *config) *view {
	snap := res.snap
	v := &view{states: make(map[string]int), owners: make(map[owner]*ownerStats),
		timeWaitIn: -1, ephemeral: -1, scanned: res.sel.scanned}
	for _, s := range sockscan.AllStates() {
		v.states[stateLabel(s)] = 0
	}
	for s, n := range snap.States {
		v.states[stateLabel(s)] += n
	}
	key := func(pid int, command string) owner {
		if !cfg.PIDLabel {
			pid = 0
		}
		// Whoever reads the scrape on a terminal sees the label as it is.
		return owner{sockscan.Printable(command), pid}
	}
	get := func(k owner) *ownerStats {
		st := v.owners[k]
		if st == nil {
			st = &ownerStats{oldest: -1}
			v.owners[k] = st
		}
		return st
	}
	// Outbound CLOSE_WAIT and TIME_WAIT sockets on an ephemeral port, per
	// network namespace and destination: a connect() to a destination
	// needs a local port that no socket to it holds.
	type dest struct {
		ns     uint64
		remote netip.AddrPort
	}
	perDest := make(map[dest]int)
	lowPort, highPort := res.kern.PortLow, res.kern.PortHigh
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		if s.Direction == sockscan.Outbound && int(s.Local.Port()) >= lowPort && int(s.Local.Port()) <= highPort {
			perDest[dest{s.NetNS, s.Remote}]++
		}
		if s.State != sockscan.CloseWait {
			continue
		}
		if s.PID == 0 {
			v.unattributed++
			continue
		}
		st := get(key(s.PID, s.Command))
		if s.Direction == sockscan.Inbound {
			st.inbound++
		} else {
			st.outbound++
		}
		if s.HasInfo {
			st.oldest = max(st.oldest, s.AgeMax.Seconds())
		}
	}
	for _, o := range snap.Orphaned {
		get(key(o.PID, o.Command)).orphaned++
	}
	// The process of each owner nearest its descriptor limit.
	for _, p := range snap.Processes {
		st := get(key(p.PID, p.Command))
		if !st.hasProcess || fdRatio(p.OpenFDs, p.FDLimit) > fdRatio(st.openFDs, st.maxFDs) {
			st.openFDs, st.maxFDs, st.hasProcess = p.OpenFDs, p.FDLimit, true
		}
	}
	v.unreadable = len(snap.Denied) + res.sel.unreadable
	v.timeWaitOut = snap.Outbound[sockscan.TimeWait]
	if !cfg.filtered() {
		// TIME_WAIT sockets have no owner: a filtered scan lists none.
		v.timeWaitIn = max(0, snap.States[sockscan.TimeWait]-v.timeWaitOut)
		if n := res.kern.EphemeralPorts(); n > 0 {
			most := 0
			for _, c := range perDest {
				most = max(most, c)
			}
			v.ephemeral = float64(most) / float64(n)
		}
	}
	return v
}

// fdRatio returns open/limit, or 0 for an unknown limit.
func fdRatio(open int, limit uint64) float64 {
	if limit == 0 {
		return 0
	}
	return float64(open) / float64(limit)
}

// collect sends the metrics of v, per-owner series in a stable order.
func (d *descs) collect(ch chan<- prometheus.Metric, v *view) {
	const g = prometheus.GaugeValue
	states := make([]string, 0, len(v.states))
	for s := range v.states {
		states = append(states, s)
	}
	slices.Sort(states)
	for _, s := range states {
		send(ch, d.sockets, g, float64(v.states[s]), s)
	}
	owners := make([]owner, 0, len(v.owners))
	for k := range v.owners {
		owners = append(owners, k)
	}
	slices.SortFunc(owners, func(a, b owner) int { return cmp.Or(cmp.Compare(a.command, b.command), cmp.Compare(a.pid, b.pid)) })
	for _, k := range owners {
		st := v.owners[k]
		labels := []string{k.command}
		if d.pidLabel {
			labels = append(labels, strconv.Itoa(k.pid))
		}
		with := func(l string) []string { return append([]string{k.command, l}, labels[1:]...) }
		send(ch, d.closeWait, g, float64(st.inbound), with("inbound")...)
		send(ch, d.closeWait, g, float64(st.outbound), with("outbound")...)
		send(ch, d.orphaned, g, float64(st.orphaned), labels...)
		if st.oldest >= 0 {
			send(ch, d.oldest, g, st.oldest, labels...)
		}
		if st.hasProcess {
			send(ch, d.openFDs, g, float64(st.openFDs), labels...)
			if st.maxFDs > 0 {
				send(ch, d.maxFDs, g, float64(st.maxFDs), labels...)
			}
		}
	}
	if v.timeWaitIn >= 0 {
		send(ch, d.timeWait, g, float64(v.timeWaitIn), "inbound")
	}
	send(ch, d.timeWait, g, float64(v.timeWaitOut), "outbound")
	if v.ephemeral >= 0 {
		send(ch, d.ephemeral, g, v.ephemeral)
	}
	send(ch, d.unattributed, g, float64(v.unattributed))
	send(ch, d.unreadable, g, float64(v.unreadable))
	send(ch, d.scanned, g, float64(v.scanned))
}

package sockets

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/closewait/closewait/internal/sockscan"
)

// writeText prints the human-readable report of one snapshot.
func writeText(w io.Writer, snap *sockscan.Snapshot, kern sockscan.Kernel, cfg *config) error {
	bw := bufio.NewWriter(w)
	writeHistogram(bw, snap, cfg)
	writeGroups(bw, snap, cfg)
	writeProcesses(bw, snap)
	writeTimeWait(bw, snap, kern, cfg)
	writeContext(bw, snap, kern)
	return bw.Flush()
}

// writeHistogram prints the number of sockets per state, as the netstat
// and awk one-liner does, largest first.
func writeHistogram(w io.Writer, snap *sockscan.Snapshot, cfg *config) {
	scope := "all processes"
	if cfg.pids != nil {
		scope = "owned by pid " + joinInts(cfg.pids)
	}
	unseen := ""
	if n := len(snap.NamespaceDenied); n > 0 {
		// Without privileges another user's process's namespace cannot be
		// entered, nor even told apart from ours: its sockets there are
		// not seen at all.
		scope = "the processes this user can see"
		unseen = fmt.Sprintf("; not seen: the network namespaces of %d processes of other users, which need root", n)
	}
	fmt.Fprintf(w, "TCP sockets by state (%s; %d network namespace%s%s):\n", scope, snap.Namespaces, plural(snap.Namespaces), unseen)
	states := make([]sockscan.State, 0, len(snap.States))
	for st := range snap.States {
		states = append(states, st)
	}
	slices.SortFunc(states, func(a, b sockscan.State) int {
		return cmp.Or(cmp.Compare(snap.States[b], snap.States[a]), cmp.Compare(a, b))
	})
	if len(states) == 0 {
		fmt.Fprintln(w, "  (none)")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, st := range states {
		fmt.Fprintf(tw, "  %s\t%d\t\n", st, snap.States[st])
	}
	tw.Flush()
}

// writeGroups prints the listed sockets grouped by state, process and
// local endpoint.
func writeGroups(w io.Writer, snap *sockscan.Snapshot, cfg *config) {
	names := make([]string, len(cfg.states))
	for i, st := range cfg.states {
		names[i] = st.String()
	}
	fmt.Fprintf(w, "\n%s sockets by process and local endpoint: %d\n", strings.Join(names, ", "), len(snap.Sockets))
	groups := groupSockets(snap.Sockets)
	if len(groups) == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	// The namespace is a column only when the scan saw more than one: the
	// same address and port can then be different sockets.
	netns := snap.Namespaces > 1
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if netns {
		fmt.Fprint(tw, "  NETNS\t")
	} else {
		fmt.Fprint(tw, "  ")
	}
	fmt.Fprintln(tw, "STATE\tPID\tCOMMAND\tLOCAL\tDIR\tCOUNT\tEOF-UNREAD\tOLDEST\tTOP REMOTES")
	noAge, unaccepted := false, false
	for _, g := range groups {
		var rs []string
		for _, r := range g.topRemotes(cfg.top) {
			rs = append(rs, fmt.Sprintf("%s (%d)", r.Remote, r.Count))
		}
		if more := len(g.remotes) - cfg.top; more > 0 && cfg.top > 0 {
			rs = append(rs, fmt.Sprintf("+%d more", more))
		}
		unread := "-"
		if g.State == sockscan.CloseWait {
			unread = fmt.Sprint(g.EOFUnread)
		}
		pid, command := pidText(g.PID), commandText(g.Command)
		if g.PID == 0 && g.Unowned > 0 {
			pid, command = "?", "(unknown)"
		}
		noAge = noAge || !g.HasInfo && g.State != sockscan.Listen && g.State != sockscan.SynSent
		if netns {
			fmt.Fprintf(tw, "  %s\t", netnsText(g.NetNS))
		} else {
			fmt.Fprint(tw, "  ")
		}
		dir := orDash(g.Direction.String())
		if g.Unaccepted {
			dir, unaccepted = "unaccepted", true
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%s\n", g.State, pid, command,
			g.Local, dir, g.Count, unread, g.ageText(), strings.Join(rs, ", "))
	}
	tw.Flush()
	if n := countUnowned(snap); n > 0 {
		fmt.Fprintf(w, "  PID ?: %d socket%s whose owning process could not be found (another user's process without root, or one that exited during the scan); counted all the same.\n", n, plural(n))
	}
	writeShared(w, snap)
	if unaccepted {
		fmt.Fprintln(w, "  unaccepted: connections waiting in the accept queue of the process's listener on LOCAL, which the server never accepted (it is not accepting fast enough, or not at all); in CLOSE_WAIT the client gave up on them. They have no fd of their own: they go when the server accepts and closes them, or closes the listener.")
	}
	fmt.Fprintln(w, "  EOF-UNREAD: the program never read to io.EOF (Recv-Q holds the FIN). The others read all the data, and the FIN with it, but not necessarily io.EOF: when the FIN came with the last data (or before the read), the read that took the data returned it without io.EOF.")
	fmt.Fprintln(w, "  OLDEST: the longest time since data last arrived on one of these sockets (keepalive probes do not reset it): at least the time since the peer's FIN, more if the peer was idle before closing.")
	if noAge {
		fmt.Fprintln(w, "  OLDEST ?: no age known: the sockets were read from /proc/<pid>/net/tcp, which has none (-proc, or netlink refused in that namespace: another user's or a rootless one, without CAP_SYS_ADMIN; run as root for ages).")
	}
	if netns {
		fmt.Fprintln(w, "  NETNS: inode of the socket's network namespace (as in /proc/<pid>/ns/net and lsns): the same address can be a different socket in another namespace.")
	}
}

// writeShared lists the sockets that more than one process holds, with
// every holder: the group's PID is only the first of them, and closing
// one copy leaves the socket open.
func writeShared(w io.Writer, snap *sockscan.Snapshot) {
	const most = 10
	n := 0
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		if len(s.Holders) < 2 {
			continue
		}
		if n++; n > most {
			continue
		}
		procs := make(map[int]bool)
		hs := make([]string, len(s.Holders))
		for j, h := range s.Holders {
			procs[h.PID] = true
			hs[j] = fmt.Sprintf("pid %d (%s) fd %d", h.PID, commandText(h.Command), h.FD)
		}
		who := fmt.Sprintf("%d processes", len(procs))
		if len(procs) == 1 {
			who = fmt.Sprintf("%d descriptors of one process", len(s.Holders))
		}
		fmt.Fprintf(w, "  %s %s -> %s held by %s: one closing its copy leaves it open: %s\n",
			s.State, s.Local, s.Remote, who, strings.Join(hs, ", "))
	}
	if n > most {
		fmt.Fprintf(w, "  ... and %d more sockets held by several processes (see -json)\n", n-most)
	}
}

// writeProcesses prints, per owning process, its open fds against its
// limit, its CLOSE_WAIT count and its orphaned TCP fds.
func writeProcesses(w io.Writer, snap *sockscan.Snapshot) {
	counts := countByProcess(snap)
	fmt.Fprintf(w, "\nOrphaned TCP fds (open, but reset by the peer or never connected, so in no socket table): %d", len(snap.Orphaned))
	if n := len(snap.Denied); n > 0 {
		fmt.Fprintf(w, " among the processes that could be read; the fds of %d processes of other users could not be read (run as root)", n)
	}
	fmt.Fprintln(w)
	if n := len(snap.Unconfirmed); n > 0 {
		fmt.Fprintf(w, "  not counted: %d more TCP fd%s in no socket table, held by a process that was stopped or starved of CPU throughout the scan (pid %s), so it may have been about to close them\n",
			n, plural(n), joinInts(orphanPIDs(snap.Unconfirmed)))
	}
	pids := make([]int, 0, len(snap.Processes))
	for pid := range snap.Processes {
		pids = append(pids, pid)
	}
	slices.SortFunc(pids, func(a, b int) int {
		return cmp.Or(cmp.Compare(counts[b].total(), counts[a].total()), cmp.Compare(a, b))
	})
	if len(pids) == 0 {
		return
	}
	fmt.Fprintln(w, "\nProcesses:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  PID\tCOMMAND\tOPEN FDS\tCLOSE_WAIT\tORPHANED\tORPHANED FDS")
	for _, pid := range pids {
		p := snap.Processes[pid]
		fds := fmt.Sprint(p.OpenFDs)
		if p.FDLimit > 0 {
			fds = fmt.Sprintf("%d of %d (%.0f%%)", p.OpenFDs, p.FDLimit, 100*float64(p.OpenFDs)/float64(p.FDLimit))
		}
		fmt.Fprintf(tw, "  %d\t%s\t%s\t%d\t%d\t%s\n", pid, commandText(p.Command), fds, counts[pid].closeWait, len(counts[pid].orphanFDs), fdList(counts[pid].orphanFDs, 8))
	}
	tw.Flush()
}

// writeContext prints the ephemeral port use and the kernel settings.
func writeContext(w io.Writer, snap *sockscan.Snapshot, kern sockscan.Kernel) {
	fmt.Fprintln(w, "\nContext:")
	out := snap.Outbound[sockscan.CloseWait] + snap.Outbound[sockscan.TimeWait]
	if n := kern.EphemeralPorts(); n > 0 {
		fmt.Fprintf(w, "  outbound CLOSE_WAIT+TIME_WAIT: %d (%d+%d), against %d ephemeral ports (ip_local_port_range %d-%d): %.1f%%\n",
			out, snap.Outbound[sockscan.CloseWait], snap.Outbound[sockscan.TimeWait], n, kern.PortLow, kern.PortHigh, 100*float64(out)/float64(n))
	}
	if kern.FinTimeout >= 0 {
		fmt.Fprintf(w, "  net.ipv4.tcp_fin_timeout = %d s (bounds FIN_WAIT2 of closed sockets; not CLOSE_WAIT)\n", kern.FinTimeout)
	}
	if kern.TWReuse >= 0 {
		fmt.Fprintf(w, "  net.ipv4.tcp_tw_reuse = %d (1: reuse TIME_WAIT ports for new outbound connections; 2: loopback only)\n", kern.TWReuse)
	}
	if kern.KeepaliveTime >= 0 {
		fmt.Fprintf(w, "  net.ipv4.tcp_keepalive_time = %d s (Go sets 15 s on its own connections; keepalive resets leaked sockets whose peer is gone, making them orphaned fds)\n", kern.KeepaliveTime)
	}
	fmt.Fprintln(w, "  No sysctl ends CLOSE_WAIT: only the program's Close does (or its exit).")
	if len(snap.Fallback) > 0 {
		fmt.Fprintf(w, "  %d namespace%s read from /proc/<pid>/net/tcp (netlink refused): no ages there\n", len(snap.Fallback), plural(len(snap.Fallback)))
	}
}

// orphanPIDs returns the processes of os, each once, in order.
func orphanPIDs(os []sockscan.Orphan) []int {
	var pids []int
	for _, o := range os {
		if !slices.Contains(pids, o.PID) {
			pids = append(pids, o.PID)
		}
	}
	slices.Sort(pids)
	return pids
}

// netnsText spells a namespace inode, "?" when unknown.
func netnsText(ino uint64) string {
	if ino == 0 {
		return "?"
	}
	return fmt.Sprint(ino)
}

// pidText spells a pid; 0, no owning process (a TIME_WAIT socket, or
// one that its program closed and that has no file any more), as "-".
func pidText(pid int) string {
	if pid == 0 {
		return "-"
	}
	return fmt.Sprint(pid)
}

// countUnowned counts the listed sockets that have a file but whose owning
// process was not found.
func countUnowned(snap *sockscan.Snapshot) int {
	n := 0
	for i := range snap.Sockets {
		if s := &snap.Sockets[i]; s.PID == 0 && s.Inode != 0 {
			n++
		}
	}
	return n
}

// commandText spells a process's command for the text report: its name
// from /proc, escaped (see sockscan.Printable), or "-".
func commandText(s string) string { return orDash(sockscan.Printable(s)) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = fmt.Sprint(n)
	}
	return strings.Join(s, ",")
}

// fdList formats up to n descriptors.
func fdList(fds []int, n int) string {
	if len(fds) == 0 {
		return "-"
	}
	var b strings.Builder
	for i, fd := range fds {
		if i == n {
			fmt.Fprintf(&b, " +%d more", len(fds)-n)
			break
		}
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprint(&b, fd)
	}
	return b.String()
}

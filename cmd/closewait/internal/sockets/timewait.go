package sockets

import (
	"cmp"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"text/tabwriter"

	"github.com/closewait/closewait/internal/sockscan"
)

// timeWaitSeconds is how long Linux keeps a socket in TIME_WAIT (2×MSL,
// fixed at 60 s): the count of TIME_WAIT sockets divided by it is the rate
// at which this side has been closing connections first.
const timeWaitSeconds = 60

// timeWaitNote says why TIME_WAIT sockets are shown by remote endpoint.
const timeWaitNote = "TIME_WAIT sockets have no owner process: the kernel keeps them after the program's Close, on the side that closed first, so the remote endpoint names the code (outbound: the client that dials it; inbound: the server on that port closing first)"

// timeWaitReport is the TIME_WAIT view: sockets grouped by remote
// endpoint and local side, with the share of the ephemeral port range
// they hold and the rate of new connections they imply.
type timeWaitReport struct {
	Total          int             `json:"total"`
	Outbound       int             `json:"outbound"`
	Inbound        int             `json:"inbound"`
	EphemeralPorts int             `json:"ephemeral_ports"`
	MaxPortShare   float64         `json:"max_port_share"`  // the largest share of the ephemeral ports held toward one remote endpoint, 0..1 (0 when the range is unknown)
	RatePerSecond  float64         `json:"rate_per_second"` // total / 60 s: connections closed first per second
	Groups         []timeWaitGroup `json:"groups"`
	Note           string          `json:"note"`
}

// timeWaitGroup is the TIME_WAIT sockets toward one remote endpoint
// (outbound) or on one listening endpoint from one client address
// (inbound).
type timeWaitGroup struct {
	Direction     string  `json:"direction"`
	Local         string  `json:"local"`  // outbound: the local address (its ports are ephemeral); inbound: the listening address and port
	Remote        string  `json:"remote"` // outbound: the service dialed, address and port; inbound: the client's address
	Count         int     `json:"count"`
	PortShare     float64 `json:"port_share"` // outbound only: of the ports available toward this remote
	RatePerSecond float64 `json:"rate_per_second"`
	Meaning       string  `json:"meaning"`
}

// wantsTimeWait reports whether the command line asked for TIME_WAIT.
func wantsTimeWait(cfg *config) bool {
	return slices.Contains(cfg.states, sockscan.TimeWait)
}

// buildTimeWait groups the TIME_WAIT sockets of snap, or returns nil
// when TIME_WAIT was not asked for.
func buildTimeWait(snap *sockscan.Snapshot, kern sockscan.Kernel, cfg *config) *timeWaitReport {
	if !wantsTimeWait(cfg) {
		return nil
	}
	type key struct {
		inbound       bool
		ns            uint64
		local, remote netip.AddrPort
	}
	r := &timeWaitReport{EphemeralPorts: kern.EphemeralPorts(), Groups: []timeWaitGroup{}, Note: timeWaitNote}
	counts := make(map[key]int)
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		if s.State != sockscan.TimeWait {
			continue
		}
		r.Total++
		k := key{inbound: s.Direction == sockscan.Inbound, ns: s.NetNS}
		if k.inbound {
			r.Inbound++
			k.local, k.remote = s.Local, netip.AddrPortFrom(s.Remote.Addr(), 0)
		} else {
			r.Outbound++
			k.local, k.remote = netip.AddrPortFrom(s.Local.Addr(), 0), s.Remote
		}
		counts[k]++
	}
	for k, n := range counts {
		g := timeWaitGroup{Count: n, RatePerSecond: float64(n) / timeWaitSeconds}
		if k.inbound {
			g.Direction, g.Local, g.Remote = "inbound", k.local.String(), k.remote.Addr().String()
			g.Meaning = "the server on " + g.Local + " closed first: its handlers or keep-alive settings end each connection"
		} else {
			g.Direction, g.Local, g.Remote = "outbound", hostPort(k.local.Addr(), "*"), k.remote.String()
			if r.EphemeralPorts > 0 {
				g.PortShare = float64(n) / float64(r.EphemeralPorts)
			}
			g.Meaning = "this host dialed " + g.Remote + " and closed first: each socket holds an ephemeral port toward it for 60 s"
		}
		r.Groups = append(r.Groups, g)
	}
	slices.SortFunc(r.Groups, func(a, b timeWaitGroup) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Direction, b.Direction),
			cmp.Compare(a.Remote, b.Remote), cmp.Compare(a.Local, b.Local))
	})
	for _, g := range r.Groups {
		r.MaxPortShare = max(r.MaxPortShare, g.PortShare)
	}
	r.RatePerSecond = float64(r.Total) / timeWaitSeconds
	return r
}

// writeTimeWait prints the TIME_WAIT view, if it was asked for.
func writeTimeWait(w io.Writer, snap *sockscan.Snapshot, kern sockscan.Kernel, cfg *config) {
	r := buildTimeWait(snap, kern, cfg)
	if r == nil {
		return
	}
	fmt.Fprintf(w, "\nTIME_WAIT sockets by remote endpoint: %d (%d outbound, %d inbound), about %s new connections/s closed first by this host (count / 60 s)\n",
		r.Total, r.Outbound, r.Inbound, rateText(r.RatePerSecond))
	if len(r.Groups) == 0 {
		fmt.Fprintln(w, "  (none)")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  DIR\tLOCAL\tREMOTE\tCOUNT\tRATE\tPORTS")
	shown := r.Groups
	if cfg.top > 0 && len(shown) > 10*cfg.top {
		shown = shown[:10*cfg.top]
	}
	for _, g := range shown {
		ports := "-"
		if g.Direction == "outbound" && r.EphemeralPorts > 0 {
			ports = fmt.Sprintf("%.1f%% of %d", 100*g.PortShare, r.EphemeralPorts)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\t%s/s\t%s\n", g.Direction, g.Local, g.Remote, g.Count, rateText(g.RatePerSecond), ports)
	}
	tw.Flush()
	if more := len(r.Groups) - len(shown); more > 0 {
		fmt.Fprintf(w, "  +%d more groups (-json lists them all)\n", more)
	}
	if r.EphemeralPorts > 0 && r.Outbound > 0 {
		for _, g := range r.Groups {
			if g.Direction == "outbound" {
				fmt.Fprintf(w, "  PORTS: the busiest remote endpoint, %s, holds %.1f%% of the %d ephemeral ports; each remote endpoint has the whole range, and connect fails with \"cannot assign requested address\" when it is used up\n",
					g.Remote, 100*g.PortShare, r.EphemeralPorts)
				break
			}
		}
	}
	fmt.Fprintf(w, "  %s.\n", timeWaitNote)
	fmt.Fprintln(w, "  outbound: a client opens and closes a connection per request (a Transport per call, keep-alives off, bodies closed")
	fmt.Fprintln(w, "  unread, a dial per message): 'closewait -connreuse ./...' on the client's code finds it.")
	fmt.Fprintln(w, "  inbound: the server closes first (req.Close, a handler that closes, short idle timeouts): its clients reconnect each time.")
}

// rateText formats a rate per second with about two significant digits.
func rateText(r float64) string {
	switch {
	case r >= 10:
		return fmt.Sprintf("%.0f", r)
	case r >= 1:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.2f", r)
}

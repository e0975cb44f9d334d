package sockets

import (
	"cmp"
	"net/netip"
	"slices"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// A sockGroup is the sockets of one state, process and local endpoint.
// Inbound sockets are grouped by local address and port (the listener),
// outbound ones by local address only, since their ports are ephemeral.
type sockGroup struct {
	State     sockscan.State
	PID       int
	Command   string
	Local     string
	Direction sockscan.Direction
	// Unaccepted: connections in the accept queue of the listener on
	// Local, which the server never accepted (see sockscan.Socket).
	Unaccepted bool
	NetNS      uint64 // inode of the network namespace, 0 if unknown
	Count      int
	EOFUnread  int
	Unowned    int // sockets with a file (an inode) whose owning process was not found
	HasInfo    bool
	// Oldest is the largest AgeMax: the time since data last arrived,
	// which keepalive probes do not reset; at least the time since the
	// peer's FIN. (Age, since the peer's last ACK, would be reset by every
	// keepalive probe the peer answers: Go sends one every 15 s.)
	Oldest time.Duration
	// remotes counts remote endpoints: addresses for inbound groups (the
	// port is zeroed), addresses and ports otherwise.
	remotes map[netip.AddrPort]int
}

// remoteCount is a remote endpoint and how many sockets of a group have it.
type remoteCount struct {
	Remote string `json:"remote"`
	Count  int    `json:"count"`
}

// groupSockets groups sockets by state, process and local endpoint,
// largest groups first.
func groupSockets(socks []sockscan.Socket) []*sockGroup {
	type key struct {
		st         sockscan.State
		pid        int
		ns         uint64
		inbound    bool
		unaccepted bool
		local      netip.AddrPort // port zeroed unless inbound
	}
	byKey := make(map[key]*sockGroup)
	var out []*sockGroup
	var g *sockGroup
	var last key
	for i := range socks {
		s := &socks[i]
		local, remote := groupEndpoints(s)
		k := key{s.State, s.PID, s.NetNS, s.Direction == sockscan.Inbound, s.Unaccepted, local}
		if g == nil || k != last {
			g = byKey[k]
			if g == nil {
				g = &sockGroup{State: s.State, PID: s.PID, Command: s.Command, Local: localKey(s),
					Direction: s.Direction, Unaccepted: s.Unaccepted, NetNS: s.NetNS, remotes: make(map[netip.AddrPort]int)}
				byKey[k] = g
				out = append(out, g)
			}
			last = k
		}
		g.Count++
		g.remotes[remote]++
		if s.EOFUnread() {
			g.EOFUnread++
		}
		if s.PID == 0 && s.Inode != 0 {
			g.Unowned++
		}
		if s.HasInfo {
			g.HasInfo = true
			g.Oldest = max(g.Oldest, s.AgeMax)
		}
	}
	slices.SortFunc(out, func(a, b *sockGroup) int {
		return cmp.Or(cmp.Compare(a.State, b.State), cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.PID, b.PID), cmp.Compare(a.Local, b.Local))
	})
	return out
}

// groupEndpoints returns what groups s and what it counts as its remote:
// for inbound and listening sockets the local address and port and the
// remote address (with port 0); for outbound ones the local address (port 0) and the
// remote address and port. localKey and remoteText spell them.
func groupEndpoints(s *sockscan.Socket) (local, remote netip.AddrPort) {
	if s.Direction == sockscan.Inbound || s.State == sockscan.Listen {
		return s.Local, netip.AddrPortFrom(s.Remote.Addr(), 0)
	}
	return netip.AddrPortFrom(s.Local.Addr(), 0), s.Remote
}

// localKey returns the group key of the local endpoint: the local
// address and port for inbound and listening sockets, the address and "*"
// otherwise.
func localKey(s *sockscan.Socket) string {
	if s.Direction == sockscan.Inbound || s.State == sockscan.Listen {
		return s.Local.String()
	}
	return hostPort(s.Local.Addr(), "*")
}

// remoteText spells a remote endpoint counted by a group: the address
// alone for inbound groups.
func (g *sockGroup) remoteText(r netip.AddrPort) string {
	return string(g.appendRemote(nil, r))
}

func (g *sockGroup) appendRemote(b []byte, r netip.AddrPort) []byte {
	if g.Direction == sockscan.Inbound {
		return r.Addr().AppendTo(b)
	}
	return r.AppendTo(b)
}

func hostPort(a netip.Addr, port string) string {
	if a.Is6() {
		return "[" + a.String() + "]:" + port
	}
	return a.String() + ":" + port
}

// topRemotes returns the n most frequent remote endpoints of g, ties
// broken by their spelling. It spells only the endpoints it returns.
func (g *sockGroup) topRemotes(n int) []remoteCount {
	type rc struct {
		r netip.AddrPort
		c int
	}
	var ba, bb []byte
	less := func(x, y rc) bool { // x before y
		if x.c != y.c {
			return x.c > y.c
		}
		ba, bb = g.appendRemote(ba[:0], x.r), g.appendRemote(bb[:0], y.r)
		return string(ba) < string(bb)
	}
	var top []rc // sorted, at most n
	for r, c := range g.remotes {
		e := rc{r, c}
		if len(top) == n && (n == 0 || !less(e, top[n-1])) {
			continue
		}
		i := len(top)
		for i > 0 && less(e, top[i-1]) {
			i--
		}
		if len(top) < n {
			top = append(top, rc{})
		}
		copy(top[i+1:], top[i:])
		top[i] = e
	}
	out := make([]remoteCount, len(top))
	for i, e := range top {
		out[i] = remoteCount{g.remoteText(e.r), e.c}
	}
	return out
}

// ageText describes the age of the oldest socket of g.
func (g *sockGroup) ageText() string {
	if !g.HasInfo {
		return "?"
	}
	return shortDuration(g.Oldest)
}

// shortDuration formats d to about two significant units.
func shortDuration(d time.Duration) string {
	switch {
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	case d < time.Hour:
		return d.Round(time.Second).String()
	}
	return d.Round(time.Minute).String()
}

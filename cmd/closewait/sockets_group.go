package main

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"time"

	"github.com/closewait/closewait/sockstate"
)

// A skSockGroup is the sockets of one state, process and local endpoint.
// Inbound sockets are grouped by local address and port (the listener),
// outbound ones by local address only, since their ports are ephemeral.
type skSockGroup struct {
	State     sockstate.State
	PID       int
	Command   string
	Local     string
	Direction sockstate.Direction
	Count     int
	EOFUnread int
	HasInfo   bool
	Oldest    time.Duration // largest Age: time since the peer's last ACK (lower bound)
	OldestMax time.Duration // largest AgeMax: time since data last arrived (upper bound)
	remotes   map[string]int
}

// skRemoteCount is a remote endpoint and how many sockets of a group have it.
type skRemoteCount struct {
	Remote string `json:"remote"`
	Count  int    `json:"count"`
}

// skGroupSockets groups sockets by state, process and local endpoint,
// largest groups first.
func skGroupSockets(socks []sockstate.Socket) []*skSockGroup {
	type key struct {
		st    sockstate.State
		pid   int
		ns    uint64
		local string
	}
	byKey := make(map[key]*skSockGroup)
	var out []*skSockGroup
	for i := range socks {
		s := &socks[i]
		local, remote := skEndpointKeys(s)
		k := key{s.State, s.PID, s.NetNS, local}
		g := byKey[k]
		if g == nil {
			g = &skSockGroup{State: s.State, PID: s.PID, Command: s.Command, Local: local,
				Direction: s.Direction, remotes: make(map[string]int)}
			byKey[k] = g
			out = append(out, g)
		}
		g.Count++
		g.remotes[remote]++
		if s.EOFUnread() {
			g.EOFUnread++
		}
		if s.HasInfo {
			g.HasInfo = true
			g.Oldest = max(g.Oldest, s.Age)
			g.OldestMax = max(g.OldestMax, s.AgeMax)
		}
	}
	slices.SortFunc(out, func(a, b *skSockGroup) int {
		return cmp.Or(cmp.Compare(a.State, b.State), cmp.Compare(b.Count, a.Count),
			cmp.Compare(a.PID, b.PID), cmp.Compare(a.Local, b.Local))
	})
	return out
}

// skEndpointKeys returns the group key of the local endpoint and the
// remote endpoint to count: for inbound sockets the local address and port
// and the remote address; for outbound ones the local address and the
// remote address and port.
func skEndpointKeys(s *sockstate.Socket) (local, remote string) {
	if s.Direction == sockstate.Inbound {
		return s.Local.String(), s.Remote.Addr().String()
	}
	return skHostPort(s.Local.Addr(), "*"), s.Remote.String()
}

func skHostPort(a netip.Addr, port string) string {
	if a.Is6() {
		return "[" + a.String() + "]:" + port
	}
	return a.String() + ":" + port
}

// topRemotes returns the n most frequent remote endpoints of g.
func (g *skSockGroup) topRemotes(n int) []skRemoteCount {
	out := make([]skRemoteCount, 0, len(g.remotes))
	for r, c := range g.remotes {
		out = append(out, skRemoteCount{r, c})
	}
	slices.SortFunc(out, func(a, b skRemoteCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Remote, b.Remote))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// ageText describes the age of the oldest socket of g.
func (g *skSockGroup) ageText() string {
	if !g.HasInfo {
		return "?"
	}
	if g.OldestMax > g.Oldest+time.Second {
		return fmt.Sprintf("%s..%s", skShortDur(g.Oldest), skShortDur(g.OldestMax))
	}
	return skShortDur(g.Oldest)
}

// skShortDur formats d to about two significant units.
func skShortDur(d time.Duration) string {
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

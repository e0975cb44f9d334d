package main

import (
	"encoding/json"
	"io"
	"slices"
	"time"

	"github.com/closewait/closewait/sockstate"
)

// skJsonReport is the -json output of one snapshot.
type skJsonReport struct {
	Time       time.Time       `json:"time"`
	DurationMS float64         `json:"duration_ms"`
	Namespaces int             `json:"namespaces"`
	States     map[string]int  `json:"states"`
	Sockets    []skJsonSocket  `json:"sockets"`
	Orphaned   []skJsonOrphan  `json:"orphaned"`
	Processes  []skJsonProcess `json:"processes"`
	Groups     []skJsonGroup   `json:"groups"`
	Denied     int             `json:"denied_processes"`
	Context    skJsonContext   `json:"context"`
}

type skJsonSocket struct {
	State     string `json:"state"`
	Local     string `json:"local"`
	Remote    string `json:"remote"`
	PID       int    `json:"pid"`
	Command   string `json:"command"`
	FD        int    `json:"fd"`
	Inode     uint64 `json:"inode"`
	Direction string `json:"direction"`
	AgeMS     *int64 `json:"age_ms"`     // since the peer's last ACK; null when unknown
	AgeMaxMS  *int64 `json:"age_max_ms"` // since data last arrived; null when unknown
	RecvQ     uint32 `json:"recv_q"`
	SendQ     uint32 `json:"send_q"`
	EOFUnread bool   `json:"eof_unread"`
	Family    int    `json:"family"`
	UID       uint32 `json:"uid"`
	NetNS     uint64 `json:"netns"`
}

type skJsonOrphan struct {
	PID     int    `json:"pid"`
	Command string `json:"command"`
	FD      int    `json:"fd"`
	Inode   uint64 `json:"inode"`
	NetNS   uint64 `json:"netns"`
}

type skJsonProcess struct {
	PID       int    `json:"pid"`
	Command   string `json:"command"`
	OpenFDs   int    `json:"open_fds"`
	FDLimit   uint64 `json:"fd_limit"`
	CloseWait int    `json:"close_wait"`
	Orphaned  int    `json:"orphaned"`
	NetNS     uint64 `json:"netns"`
}

type skJsonGroup struct {
	State      string          `json:"state"`
	PID        int             `json:"pid"`
	Command    string          `json:"command"`
	Local      string          `json:"local"`
	Direction  string          `json:"direction"`
	Count      int             `json:"count"`
	EOFUnread  int             `json:"eof_unread"`
	OldestMS   *int64          `json:"oldest_ms"`
	TopRemotes []skRemoteCount `json:"top_remotes"`
}

type skJsonContext struct {
	OutboundCloseWait int    `json:"outbound_close_wait"`
	OutboundTimeWait  int    `json:"outbound_time_wait"`
	EphemeralPorts    int    `json:"ephemeral_ports"`
	PortRange         [2]int `json:"ip_local_port_range"`
	FinTimeout        int    `json:"tcp_fin_timeout"`
	TWReuse           int    `json:"tcp_tw_reuse"`
	KeepaliveTime     int    `json:"tcp_keepalive_time"`
	Note              string `json:"note"`
}

const skCloseWaitNote = "no sysctl ends CLOSE_WAIT: only the program's Close does"

func skMs(d time.Duration) *int64 {
	v := d.Milliseconds()
	return &v
}

// skBuildJSON converts a snapshot to its JSON report.
func skBuildJSON(snap *sockstate.Snapshot, kern sockstate.Kernel, cfg *socketsConfig) *skJsonReport {
	r := &skJsonReport{
		Time:       snap.Time,
		DurationMS: float64(snap.Duration.Microseconds()) / 1000,
		Namespaces: snap.Namespaces,
		States:     make(map[string]int),
		Sockets:    make([]skJsonSocket, 0, len(snap.Sockets)),
		Orphaned:   make([]skJsonOrphan, 0, len(snap.Orphaned)),
		Processes:  []skJsonProcess{},
		Groups:     []skJsonGroup{},
		Denied:     len(snap.Denied),
		Context: skJsonContext{
			OutboundCloseWait: snap.Outbound[sockstate.CloseWait],
			OutboundTimeWait:  snap.Outbound[sockstate.TimeWait],
			EphemeralPorts:    kern.EphemeralPorts(),
			PortRange:         [2]int{kern.PortLow, kern.PortHigh},
			FinTimeout:        kern.FinTimeout,
			TWReuse:           kern.TWReuse,
			KeepaliveTime:     kern.KeepaliveTime,
			Note:              skCloseWaitNote,
		},
	}
	for st, n := range snap.States {
		r.States[st.String()] += n
	}
	cw := make(map[int]int)
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		js := skJsonSocket{
			State: s.State.String(), Local: s.Local.String(), Remote: s.Remote.String(),
			PID: s.PID, Command: s.Command, FD: s.FD, Inode: s.Inode, Direction: s.Direction.String(),
			RecvQ: s.RecvQ, SendQ: s.SendQ, EOFUnread: s.State == sockstate.CloseWait && s.EOFUnread(),
			Family: s.Family, UID: s.UID, NetNS: s.NetNS,
		}
		if s.PID == 0 {
			js.FD = -1
		}
		if s.HasInfo {
			js.AgeMS, js.AgeMaxMS = skMs(s.Age), skMs(s.AgeMax)
		}
		if s.State == sockstate.CloseWait {
			cw[s.PID]++
		}
		r.Sockets = append(r.Sockets, js)
	}
	orph := make(map[int]int)
	for _, o := range snap.Orphaned {
		r.Orphaned = append(r.Orphaned, skJsonOrphan{o.PID, o.Command, o.FD, o.Inode, o.NetNS})
		orph[o.PID]++
	}
	for _, p := range snap.Processes {
		r.Processes = append(r.Processes, skJsonProcess{p.PID, p.Command, p.OpenFDs, p.FDLimit, cw[p.PID], orph[p.PID], p.NetNS})
	}
	slices.SortFunc(r.Processes, func(a, b skJsonProcess) int { return a.PID - b.PID })
	for _, g := range skGroupSockets(snap.Sockets) {
		jg := skJsonGroup{State: g.State.String(), PID: g.PID, Command: g.Command, Local: g.Local,
			Direction: g.Direction.String(), Count: g.Count, EOFUnread: g.EOFUnread, TopRemotes: g.topRemotes(cfg.top)}
		if g.HasInfo {
			jg.OldestMS = skMs(g.Oldest)
		}
		r.Groups = append(r.Groups, jg)
	}
	return r
}

// skWriteJSON prints the JSON report of one snapshot.
func skWriteJSON(w io.Writer, snap *sockstate.Snapshot, kern sockstate.Kernel, cfg *socketsConfig) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(skBuildJSON(snap, kern, cfg))
}

package sockets

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// jsonReport is the -json output of one snapshot: its schema. writeJSON
// writes the sockets, which may number tens of thousands, by hand, one per
// line, and the rest with encoding/json; TestJSONSchema checks that the
// output decodes into jsonReport with no field left over and encodes back
// to the same JSON.
type jsonReport struct {
	Time       time.Time      `json:"time"`
	DurationMS float64        `json:"duration_ms"`
	Namespaces int            `json:"namespaces"`
	States     map[string]int `json:"states"`
	Sockets    []jsonSocket   `json:"sockets"`
	Orphaned   []jsonOrphan   `json:"orphaned"`
	// Unconfirmed are TCP fds in no table whose process was stopped or
	// starved of CPU during the scan: perhaps about to be closed.
	Unconfirmed []jsonOrphan  `json:"unconfirmed_orphans"`
	Processes   []jsonProcess `json:"processes"`
	Groups      []jsonGroup   `json:"groups"`
	Denied      int           `json:"denied_processes"`
	// NamespaceDenied counts processes whose network namespace could not be
	// read: sockets in other namespaces of theirs are not seen.
	NamespaceDenied int             `json:"namespace_denied_processes"`
	Unowned         int             `json:"unowned_sockets"` // listed sockets with pid 0 and an inode: owner not found
	Context         jsonContext     `json:"context"`
	TimeWait        *timeWaitReport `json:"time_wait,omitempty"` // with -state time-wait
}

type jsonSocket struct {
	State     string `json:"state"`
	Local     string `json:"local"`
	Remote    string `json:"remote"`
	PID       int    `json:"pid"`
	Command   string `json:"command"`
	FD        int    `json:"fd"`
	Inode     uint64 `json:"inode"`
	Direction string `json:"direction"`
	AgeMS     *int64 `json:"age_ms"`     // since the peer's last ACK (keepalive probes reset it); null when unknown
	AgeMaxMS  *int64 `json:"age_max_ms"` // since data last arrived (at least since the FIN); null when unknown
	RecvQ     uint32 `json:"recv_q"`
	SendQ     uint32 `json:"send_q"`
	EOFUnread bool   `json:"eof_unread"`
	// Unaccepted: in the accept queue of the listener whose pid and fd
	// these are, never accepted.
	Unaccepted bool   `json:"unaccepted,omitempty"`
	Family     int    `json:"family"`
	UID        uint32 `json:"uid"`
	NetNS      uint64 `json:"netns"`
	// Holders lists every process that holds the socket, the owner first,
	// when more than one does.
	Holders []jsonHolder `json:"holders,omitempty"`
}

type jsonHolder struct {
	PID     int    `json:"pid"`
	Command string `json:"command"`
	FD      int    `json:"fd"`
}

type jsonOrphan struct {
	PID     int    `json:"pid"`
	Command string `json:"command"`
	FD      int    `json:"fd"`
	Inode   uint64 `json:"inode"`
	NetNS   uint64 `json:"netns"`
}

type jsonProcess struct {
	PID       int    `json:"pid"`
	Command   string `json:"command"`
	OpenFDs   int    `json:"open_fds"`
	FDLimit   uint64 `json:"fd_limit"`
	CloseWait int    `json:"close_wait"`
	Orphaned  int    `json:"orphaned"`
	NetNS     uint64 `json:"netns"`
}

type jsonGroup struct {
	State      string        `json:"state"`
	PID        int           `json:"pid"`
	Command    string        `json:"command"`
	Local      string        `json:"local"`
	Direction  string        `json:"direction"`
	Count      int           `json:"count"`
	EOFUnread  int           `json:"eof_unread"`
	OldestMS   *int64        `json:"oldest_ms"` // largest age_max_ms
	Unaccepted bool          `json:"unaccepted,omitempty"`
	TopRemotes []remoteCount `json:"top_remotes"`
}

type jsonContext struct {
	OutboundCloseWait int    `json:"outbound_close_wait"`
	OutboundTimeWait  int    `json:"outbound_time_wait"`
	EphemeralPorts    int    `json:"ephemeral_ports"`
	PortRange         [2]int `json:"ip_local_port_range"`
	FinTimeout        int    `json:"tcp_fin_timeout"`
	TWReuse           int    `json:"tcp_tw_reuse"`
	KeepaliveTime     int    `json:"tcp_keepalive_time"`
	Note              string `json:"note"`
}

const closeWaitNote = "no sysctl ends CLOSE_WAIT: only the program's Close does"

func millis(d time.Duration) *int64 {
	v := d.Milliseconds()
	return &v
}

// buildJSON converts a snapshot to its JSON report.
func buildJSON(snap *sockscan.Snapshot, kern sockscan.Kernel, cfg *config) *jsonReport {
	r := &jsonReport{
		Time:            snap.Time,
		DurationMS:      float64(snap.Duration.Microseconds()) / 1000,
		Namespaces:      snap.Namespaces,
		States:          make(map[string]int),
		Orphaned:        make([]jsonOrphan, 0, len(snap.Orphaned)),
		Unconfirmed:     make([]jsonOrphan, 0, len(snap.Unconfirmed)),
		Processes:       []jsonProcess{},
		Groups:          []jsonGroup{},
		Denied:          len(snap.Denied),
		NamespaceDenied: len(snap.NamespaceDenied),
		Unowned:         countUnowned(snap),
		Context: jsonContext{
			OutboundCloseWait: snap.Outbound[sockscan.CloseWait],
			OutboundTimeWait:  snap.Outbound[sockscan.TimeWait],
			EphemeralPorts:    kern.EphemeralPorts(),
			PortRange:         [2]int{kern.PortLow, kern.PortHigh},
			FinTimeout:        kern.FinTimeout,
			TWReuse:           kern.TWReuse,
			KeepaliveTime:     kern.KeepaliveTime,
			Note:              closeWaitNote,
		},
		TimeWait: buildTimeWait(snap, kern, cfg),
	}
	for st, n := range snap.States {
		r.States[st.String()] += n
	}
	// The sockets themselves are written straight from snap by
	// writeSocketsJSON: r.Sockets stays empty.
	for _, o := range snap.Orphaned {
		r.Orphaned = append(r.Orphaned, jsonOrphan{o.PID, o.Command, o.FD, o.Inode, o.NetNS})
	}
	for _, o := range snap.Unconfirmed {
		r.Unconfirmed = append(r.Unconfirmed, jsonOrphan{o.PID, o.Command, o.FD, o.Inode, o.NetNS})
	}
	counts := countByProcess(snap)
	for _, p := range snap.Processes {
		c := counts[p.PID]
		r.Processes = append(r.Processes, jsonProcess{p.PID, p.Command, p.OpenFDs, p.FDLimit, c.closeWait, len(c.orphanFDs), p.NetNS})
	}
	slices.SortFunc(r.Processes, func(a, b jsonProcess) int { return a.PID - b.PID })
	for _, g := range groupSockets(snap.Sockets) {
		jg := jsonGroup{State: g.State.String(), PID: g.PID, Command: g.Command, Local: g.Local,
			Direction: g.Direction.String(), Count: g.Count, EOFUnread: g.EOFUnread, Unaccepted: g.Unaccepted, TopRemotes: g.topRemotes(cfg.top)}
		if g.HasInfo {
			jg.OldestMS = millis(g.Oldest)
		}
		r.Groups = append(r.Groups, jg)
	}
	return r
}

// writeJSON prints the JSON report of one snapshot. Sockets, which may
// number tens of thousands, are written by hand, one per line; the rest
// goes through encoding/json.
func writeJSON(w io.Writer, snap *sockscan.Snapshot, kern sockscan.Kernel, cfg *config) error {
	r := buildJSON(snap, kern, cfg)
	bw := bufio.NewWriterSize(w, 64<<10)
	fields := []struct {
		key string
		val any
	}{
		{"time", r.Time}, {"duration_ms", r.DurationMS}, {"namespaces", r.Namespaces},
		{"states", r.States}, {"sockets", nil}, {"orphaned", r.Orphaned},
		{"unconfirmed_orphans", r.Unconfirmed}, {"processes", r.Processes},
		{"groups", r.Groups}, {"denied_processes", r.Denied}, {"namespace_denied_processes", r.NamespaceDenied},
		{"unowned_sockets", r.Unowned}, {"context", r.Context},
	}
	if r.TimeWait != nil {
		fields = append(fields, struct {
			key string
			val any
		}{"time_wait", r.TimeWait})
	}
	bw.WriteString("{")
	for i, f := range fields {
		if i > 0 {
			bw.WriteString(",")
		}
		fmt.Fprintf(bw, "\n  %q: ", f.key)
		if f.key == "sockets" {
			writeSocketsJSON(bw, snap.Sockets)
			continue
		}
		b, err := json.Marshal(f.val)
		if err != nil {
			return err
		}
		bw.Write(b)
	}
	bw.WriteString("\n}\n")
	return bw.Flush()
}

// writeSocketsJSON writes sockets as a JSON array, one object per line, as
// encoding/json would write them as jsonSocket values.
func writeSocketsJSON(w *bufio.Writer, socks []sockscan.Socket) {
	if len(socks) == 0 {
		w.WriteString("[]")
		return
	}
	w.WriteString("[")
	var b, cmd []byte
	cmdPID := -1
	for i := range socks {
		s := &socks[i]
		if s.PID != cmdPID || i == 0 {
			cmd, cmdPID = appendJSONString(cmd[:0], s.Command), s.PID
		}
		b = b[:0]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n    {\"state\":"...)
		b = appendJSONString(b, s.State.String())
		b = append(b, `,"local":`...)
		b = appendAddrPort(b, s.Local)
		b = append(b, `,"remote":`...)
		b = appendAddrPort(b, s.Remote)
		b = append(b, `,"pid":`...)
		b = strconv.AppendInt(b, int64(s.PID), 10)
		b = append(b, `,"command":`...)
		b = append(b, cmd...)
		b = append(b, `,"fd":`...)
		fd := s.FD
		if s.PID == 0 {
			fd = -1
		}
		b = strconv.AppendInt(b, int64(fd), 10)
		b = append(b, `,"inode":`...)
		b = strconv.AppendUint(b, s.Inode, 10)
		b = append(b, `,"direction":`...)
		b = appendJSONString(b, s.Direction.String())
		b = append(b, `,"age_ms":`...)
		if s.HasInfo {
			b = strconv.AppendInt(b, s.Age.Milliseconds(), 10)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"age_max_ms":`...)
		if s.HasInfo {
			b = strconv.AppendInt(b, s.AgeMax.Milliseconds(), 10)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, `,"recv_q":`...)
		b = strconv.AppendUint(b, uint64(s.RecvQ), 10)
		b = append(b, `,"send_q":`...)
		b = strconv.AppendUint(b, uint64(s.SendQ), 10)
		b = append(b, `,"eof_unread":`...)
		b = strconv.AppendBool(b, s.State == sockscan.CloseWait && s.EOFUnread())
		if s.Unaccepted {
			b = append(b, `,"unaccepted":true`...)
		}
		b = append(b, `,"family":`...)
		b = strconv.AppendInt(b, int64(s.Family), 10)
		b = append(b, `,"uid":`...)
		b = strconv.AppendUint(b, uint64(s.UID), 10)
		b = append(b, `,"netns":`...)
		b = strconv.AppendUint(b, s.NetNS, 10)
		if len(s.Holders) > 0 {
			b = append(b, `,"holders":[`...)
			for j, h := range s.Holders {
				if j > 0 {
					b = append(b, ',')
				}
				b = append(b, `{"pid":`...)
				b = strconv.AppendInt(b, int64(h.PID), 10)
				b = append(b, `,"command":`...)
				b = appendJSONString(b, h.Command)
				b = append(b, `,"fd":`...)
				b = strconv.AppendInt(b, int64(h.FD), 10)
				b = append(b, '}')
			}
			b = append(b, ']')
		}
		b = append(b, '}')
		w.Write(b)
	}
	w.WriteString("\n  ]")
}

// appendAddrPort appends a.String() as a JSON string, without
// allocating in the usual case of an address that needs no escaping.
func appendAddrPort(b []byte, a netip.AddrPort) []byte {
	n := len(b)
	if a.IsValid() {
		b = a.AppendTo(append(b, '"'))
		safe := true
		for _, c := range b[n+1:] {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c >= 0x80 {
				safe = false
				break
			}
		}
		if safe {
			return append(b, '"')
		}
	}
	return appendJSONString(b[:n], a.String())
}

// appendJSONString appends s as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	s = strings.ToValidUTF8(s, "\uFFFD")
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20 || c == '<' || c == '>' || c == '&':
			b = append(b, fmt.Sprintf("\\u%04x", c)...)
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

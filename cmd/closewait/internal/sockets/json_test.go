package sockets

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// TestJSONSchema checks that the -json report, whose sockets are written
// by hand, is exactly jsonReport: it decodes with no unknown field, and
// encoding the decoded report gives the same JSON back, so no field is
// missing, renamed, reordered or spelled differently.
func TestJSONSchema(t *testing.T) {
	ap := netip.MustParseAddrPort
	snap := &sockscan.Snapshot{
		Time:     time.Date(2026, 11, 27, 18, 0, 0, 123456789, time.UTC),
		States:   map[sockscan.State]int{sockscan.CloseWait: 3, sockscan.TimeWait: 1, sockscan.Listen: 1},
		Outbound: map[sockscan.State]int{sockscan.CloseWait: 1, sockscan.TimeWait: 1},
		Sockets: []sockscan.Socket{
			{State: sockscan.CloseWait, Family: 4, Local: ap("127.0.0.1:8080"), Remote: ap("127.0.0.1:50000"),
				Inode: 11, UID: 1000, RecvQ: 1, NetNS: 4026531840, PID: 42, Command: `srv "<a&b>"`, FD: 7,
				Direction: sockscan.Inbound, HasInfo: true, Age: 1500 * time.Millisecond, AgeMax: 90 * time.Second,
				Holders: []sockscan.Holder{{PID: 42, Command: `srv "<a&b>"`, FD: 7}, {PID: 43, Command: "child", FD: 3}}},
			{State: sockscan.CloseWait, Family: 6, Local: ap("[::1]:40000"), Remote: ap("[2001:db8::1]:443"),
				Inode: 12, PID: 42, Command: `srv "<a&b>"`, FD: 8, Direction: sockscan.Outbound},
			{State: sockscan.CloseWait, Family: 4, Local: ap("10.0.0.1:8080"), Remote: ap("10.0.0.2:1234"),
				Inode: 13, Direction: sockscan.Inbound}, // owner not found
			{State: sockscan.TimeWait, Family: 4, Local: ap("10.0.0.1:40001"), Remote: ap("10.0.0.9:5432"),
				Direction: sockscan.Outbound},
		},
		Orphaned:   []sockscan.Orphan{{PID: 42, Command: `srv "<a&b>"`, FD: 9, Inode: 14, NetNS: 4026531840}},
		Processes:  map[int]*sockscan.Process{42: {PID: 42, Command: `srv "<a&b>"`, NetNS: 4026531840, OpenFDs: 10, FDLimit: 1024}},
		Denied:     []int{1},
		Namespaces: 1,
		Duration:   1234567 * time.Nanosecond,
	}
	kern := sockscan.Kernel{PortLow: 32768, PortHigh: 60999, FinTimeout: 60, TWReuse: 2, KeepaliveTime: 7200}
	cfg := &config{states: []sockscan.State{sockscan.CloseWait, sockscan.TimeWait}, top: 3}
	var out bytes.Buffer
	if err := writeJSON(&out, snap, kern, cfg); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	var r jsonReport
	if err := dec.Decode(&r); err != nil {
		t.Fatalf("the output does not decode into jsonReport: %v\n%s", err, out.String())
	}
	if len(r.Sockets) != 4 || len(r.Sockets[0].Holders) != 2 || r.TimeWait == nil || len(r.Processes) != 1 ||
		r.Processes[0].CloseWait != 2 || r.Processes[0].Orphaned != 1 || r.Unowned != 1 {
		t.Errorf("decoded report %+v: want 4 sockets, the first with 2 holders, a time_wait view, and process 42 with 2 CLOSE_WAIT and 1 orphaned", r)
	}
	again, err := json.Marshal(&r)
	if err != nil {
		t.Fatal(err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, out.Bytes()); err != nil {
		t.Fatal(err)
	}
	if got, want := compact.String(), string(again); got != want {
		i := 0
		for i < min(len(got), len(want)) && got[i] == want[i] {
			i++
		}
		t.Errorf("the output differs from jsonReport encoded by encoding/json at byte %d:\noutput:      %s\njsonReport:  %s", i, got[i:min(i+120, len(got))], want[i:min(i+120, len(want))])
	}
	// One socket per line.
	if n := strings.Count(out.String(), "\n    {\"state\":"); n != 4 {
		t.Errorf("%d socket lines, want 4:\n%s", n, out.String())
	}
}

package sockscan

import (
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

func TestParseProcNetLine(t *testing.T) {
	s, err := parseProcNetLine("   3: 0100007F:1F90 0100007F:A1B2 08 00000002:00000001 00:00000000 00000000  1000        0 98765 1 0000000000000000 20 4 30 10 -1")
	if err != nil {
		t.Fatal(err)
	}
	want := Socket{State: CloseWait, Family: 4, Local: netip.MustParseAddrPort("127.0.0.1:8080"),
		Remote: netip.MustParseAddrPort("127.0.0.1:41394"), SendQ: 2, RecvQ: 1, UID: 1000, Inode: 98765}
	if !reflect.DeepEqual(s, want) {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
	// IPv6 ::1 and an IPv4-mapped address, which is shown as IPv4.
	s, err = parseProcNetLine("0: 00000000000000000000000001000000:0050 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000 0 0 4242 1")
	if err != nil {
		t.Fatal(err)
	}
	if s.Local.String() != "[::1]:80" || s.Remote.String() != "127.0.0.1:50000" || s.Family != 6 || s.State != Established {
		t.Errorf("IPv6 line: %+v", s)
	}
	for _, bad := range []string{
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
		"",
		"0: 0100007F:1F90 0100007F:A1B2 08",
		"0: 0100007G:1F90 0100007F:A1B2 08 00000000:00000000 00:00000000 00000000 0 0 1 1",
		"0: 0100007F:1F90 0100007F:A1B2 0Z 00000000:00000000 00:00000000 00000000 0 0 1 1",
		"0: 0100007F:1F90 0100007F:A1B2 08 0000000000000000 00:00000000 00000000 0 0 1 1",
		"0: 0100007F 0100007F:A1B2 08 00000000:00000000 00:00000000 00000000 0 0 1 1",
		"0: 0100007F:1F90 00000000000000000000000001000000:0050 08 00000000:00000000 00:00000000 00000000 0 0 1 1",
		"0: 0100007F:1F90 0100007F:A1B2 08 00000000:00000000 00:00000000 00000000 x 0 1 1",
		"0: 0100007F:1F90 0100007F:A1B2 08 00000000:00000000 00:00000000 00000000 0 0 -1 1",
		"0 0100007F:1F90 0100007F:A1B2 08 00000000:00000000 00:00000000 00000000 0 0 1 1",
	} {
		if _, err := parseProcNetLine(bad); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}

func TestParseProcNet(t *testing.T) {
	table := `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:1F90 0100007F:A1B2 08 00000000:00000001 00:00000000 00000000     0        0 112 1 0000000000000000 20 4 30 10 -1
`
	var got []State
	if err := parseProcNet(strings.NewReader(table), func(s *Socket) { got = append(got, s.State) }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != Listen || got[1] != CloseWait {
		t.Errorf("states %v, want [LISTEN CLOSE_WAIT]", got)
	}
	err := parseProcNet(strings.NewReader(table+"   2: garbage\n"), func(*Socket) {})
	if err == nil || !strings.Contains(err.Error(), "line 4") {
		t.Errorf("malformed line: error %v, want one naming line 4", err)
	}
}

// FuzzParseProcNetLine checks that no input panics, and that what parses
// has a valid state and matching address families.
func FuzzParseProcNetLine(f *testing.F) {
	f.Add("   1: 0100007F:1F90 0100007F:A1B2 08 00000000:00000001 00:00000000 00000000     0        0 112 1 0000000000000000 20 4 30 10 -1")
	f.Add("0: 00000000000000000000000001000000:0050 0000000000000000FFFF00000100007F:C350 01 00000000:00000000 00:00000000 00000000 0 0 4242 1")
	f.Add("0: :: :: 0 : : 0 0 0 0")
	f.Fuzz(func(t *testing.T, line string) {
		s, err := parseProcNetLine(line)
		if err != nil {
			return
		}
		if s.State == 0 || s.State > maxState || (s.Family != 4 && s.Family != 6) || !s.Local.IsValid() || !s.Remote.IsValid() {
			t.Errorf("accepted %q as %+v", line, s)
		}
	})
}

func TestParseStates(t *testing.T) {
	got, err := ParseStates("close-wait, TIME_WAIT,closewait,established")
	if err != nil || len(got) != 3 || got[0] != CloseWait || got[1] != TimeWait || got[2] != Established {
		t.Errorf("ParseStates: %v, %v", got, err)
	}
	if all, err := ParseStates("all"); err != nil || len(all) != 11 {
		t.Errorf("all: %v, %v", all, err)
	}
	if s, err := ParseState("closed"); err != nil || s != Close {
		t.Errorf("closed: %v, %v", s, err)
	}
	for _, bad := range []string{"", "close_wai", ","} {
		if _, err := ParseStates(bad); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
	if CloseWait.String() != "CLOSE_WAIT" || State(99).String() != "STATE_99" || NewSynRecv.String() != "SYN_RECV" {
		t.Error("State.String")
	}
}

package sockets

import (
	"bytes"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// TestSocketsFlags checks usage errors (exit 2) and -help (exit 0).
func TestSocketsFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-state", "bogus"}, `unknown TCP state "bogus"`},
		{[]string{"-pid", "12x"}, `bad process id "12x"`},
		{[]string{"-pid", "-3"}, `bad process id "-3"`},
		{[]string{"-count", "3"}, "-count needs -watch"},
		{[]string{"-fail-on-growth"}, "-fail-on-growth needs -watch"},
		{[]string{"-watch", "1ms"}, "too short"},
		{[]string{"-watch", "0"}, "-watch: the interval must be positive"},
		{[]string{"-state", "all,bogus"}, `unknown TCP state "bogus"`},
		{[]string{"-state", "bogus,all"}, `unknown TCP state "bogus"`},
		{[]string{"-max", "-5"}, "negative threshold"},
		{[]string{"-orphan-confirm", "-1s"}, "-orphan-confirm: negative interval"},
		{[]string{"extra"}, `unexpected argument "extra"`},
		{[]string{"-nosuchflag"}, "flag provided but not defined"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(tc.args, &stdout, &stderr, nil); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%v: stderr %q lacks %q", tc.args, stderr.String(), tc.want)
		}
		// The error and a pointer to -help, not the whole usage.
		if n := strings.Count(stderr.String(), "\n"); n > 2 || !strings.Contains(stderr.String(), "-help") {
			t.Errorf("%v: %d lines of stderr, want the error and a pointer to -help:\n%s", tc.args, n, &stderr)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-help"}, &stdout, &stderr, nil); code != 0 {
		t.Errorf("-help: exit %d, want 0", code)
	}
	for _, want := range []string{"usage: closewait sockets", "-watch", "Examples:", "Exit status:", "threshold exceeded"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("-help output lacks %q", want)
		}
	}
}

// TestSocketsVerdict checks the trend of sample series.
func TestSocketsVerdict(t *testing.T) {
	t0 := time.Unix(1000, 0)
	series := func(counts ...int) *countSeries {
		s := &countSeries{}
		for i, c := range counts {
			s.times = append(s.times, t0.Add(time.Duration(i)*10*time.Second))
			s.counts = append(s.counts, c)
		}
		return s
	}
	for _, tc := range []struct {
		counts []int
		want   verdict
	}{
		{[]int{10, 10, 10}, verdictStable},
		{[]int{1, 5, 9}, verdictGrowing},
		{[]int{9, 5, 1}, verdictDraining},
		{[]int{10, 11, 10, 11}, verdictStable},
		{[]int{500, 501, 502, 503}, verdictStable}, // under 5%
		{[]int{500, 520, 540, 560}, verdictGrowing},
		{[]int{4}, verdictStable},
	} {
		if got := series(tc.counts...).verdict(); got != tc.want {
			t.Errorf("%v: verdict %s, want %s", tc.counts, got, tc.want)
		}
	}
	if got := series(0, 1, 2, 3).perMinute(); got < 5.99 || got > 6.01 {
		t.Errorf("perMinute of +1 per 10s = %v, want 6", got)
	}
	if got := sparkline([]int{0, 7, 3, 7}); got != "▁█▄█" {
		t.Errorf("sparkline %q", got)
	}
	if got := sparkline([]int{5, 5}); got != "▁▁" {
		t.Errorf("flat sparkline %q", got)
	}
}

// TestSocketsTopRemotes checks the order of a group's top remote
// endpoints: most frequent first, ties by spelling, for both kinds of
// groups (inbound: addresses; outbound: addresses and ports).
func TestSocketsTopRemotes(t *testing.T) {
	ap := netip.MustParseAddrPort
	out := &sockGroup{Direction: sockscan.Outbound, remotes: map[netip.AddrPort]int{
		ap("10.0.0.2:80"): 2, ap("10.0.0.10:80"): 2, ap("10.0.0.1:443"): 1,
		ap("[::1]:80"): 3, ap("10.0.0.1:8080"): 1, ap("10.0.0.1:1000"): 1,
	}}
	in := &sockGroup{Direction: sockscan.Inbound, remotes: map[netip.AddrPort]int{
		ap("10.0.0.9:0"): 1, ap("10.0.0.10:0"): 1, ap("192.168.0.1:0"): 5,
	}}
	for _, tc := range []struct {
		g    *sockGroup
		n    int
		want string
	}{
		{out, 0, ""},
		{out, 1, "[::1]:80=3"},
		{out, 3, "[::1]:80=3 10.0.0.10:80=2 10.0.0.2:80=2"},
		{out, 10, "[::1]:80=3 10.0.0.10:80=2 10.0.0.2:80=2 10.0.0.1:1000=1 10.0.0.1:443=1 10.0.0.1:8080=1"},
		{in, 2, "192.168.0.1=5 10.0.0.10=1"},
	} {
		var got []string
		for _, r := range tc.g.topRemotes(tc.n) {
			got = append(got, fmt.Sprintf("%s=%d", r.Remote, r.Count))
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("topRemotes(%d) = %q, want %q", tc.n, s, tc.want)
		}
	}
}

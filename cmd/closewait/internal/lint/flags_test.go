package lint

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVetProtocolArgs checks which command lines main hands to the
// go vet (unitchecker) protocol rather than to the standalone driver.
func TestVetProtocolArgs(t *testing.T) {
	for _, tc := range []struct {
		args string
		want bool
	}{
		{"-V=full", true},
		{"-flags", true},
		{"--flags", true},
		{"-json -connleak=false /tmp/go-build1/b001/vet.cfg", true},
		{"./...", false},
		{"-json ./...", false},
		{"-format=sarif ./...", false},
		{"help connleak", false},
		{"", false},
		{"flags", false}, // a package named flags
	} {
		if got := vetProtocol(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("vetProtocol(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestFlagAcquireRepeated checks that the entries of a repeated
// -closewait.acquire accumulate, as those of one comma-separated value do.
func TestFlagAcquireRepeated(t *testing.T) {
	t.Parallel() // its flags make a cache key of their own: a cold run
	dir := filepath.Join("testdata", "acquire")
	const p1, p2 = "(example.com/acq.Pool1).Get:0:conn", "(example.com/acq.Pool2).Get:0:conn"
	const leak1, leak2 = "acq.go:12:12:", "acq.go:21:12:"
	for _, tc := range []struct {
		args       []string
		want, skip []string
	}{
		{[]string{"-closewait.acquire=" + p1 + "," + p2}, []string{leak1, leak2}, nil},
		{[]string{"-closewait.acquire=" + p1, "-closewait.acquire=" + p2}, []string{leak1, leak2}, nil},
		// An empty value clears the list: only what follows it counts.
		{[]string{"-closewait.acquire=" + p1, "-closewait.acquire=", "-closewait.acquire=" + p2}, []string{leak2}, []string{leak1}},
	} {
		r := runIn(t, dir, closewaitBin, append(tc.args, "./...")...)
		if r.code != exitLeaks {
			t.Errorf("%v: exit %d, want 3:\n%s", tc.args, r.code, r.stderr)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: no leak at %s:\n%s", tc.args, w, r.stderr)
			}
		}
		for _, s := range tc.skip {
			if strings.Contains(r.stderr, s) {
				t.Errorf("%v: a leak at %s, which the empty value should have cleared:\n%s", tc.args, s, r.stderr)
			}
		}
	}
}

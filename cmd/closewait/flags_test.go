package main

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
	dir := filepath.Join("testdata", "acquire")
	const p1, p2 = "(example.com/acq.Pool1).Get:0:conn", "(example.com/acq.Pool2).Get:0:conn"
	for _, args := range [][]string{
		{"-closewait.acquire=" + p1 + "," + p2},
		{"-closewait.acquire=" + p1, "-closewait.acquire=" + p2},
		{"-closewait.acquire=" + p1, "-closewait.acquire=", "-closewait.acquire=" + p2},
	} {
		r := runIn(t, dir, closewaitBin, append(args, "./...")...)
		if r.code != exitLeaks || !strings.Contains(r.stderr, "acq.go:12:12:") || !strings.Contains(r.stderr, "acq.go:21:12:") {
			t.Errorf("%v: exit %d, want 3 with the leaks of both pools:\n%s", args, r.code, r.stderr)
		}
	}
}

package main

import (
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

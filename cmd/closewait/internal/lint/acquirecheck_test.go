package lint

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/packages"
)

// TestAcquireEntriesChecked checks well-formed -closewait.acquire
// entries against the real net package: a misspelt function, a result
// the function does not have, a method named with the wrong receiver
// (pointer or value, or a star on an interface), a method the type does
// not have, are each an error saying what is wrong; right entries are
// not; a package outside the run is a warning.
func TestAcquireEntriesChecked(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports | packages.NeedDeps}, "net")
	if err != nil || len(pkgs) != 1 {
		t.Fatalf("loading net: %v", err)
	}
	net := pkgs[0]
	for _, tc := range []struct {
		name   string
		result int
		want   string // "" for a right entry
	}{
		{"net.Dial", 0, ""},
		{"(*net.Dialer).DialContext", 0, ""},
		{"(net.Listener).Accept", 0, ""},
		{"net.Dail", 0, "package net declares no function Dail"},
		{"net.Dial", 2, "net.Dial has 2 result(s), so there is no result 2"},
		{"(net.Dialer).Dial", 0, "the method Dial has a pointer receiver: it is named (*net.Dialer).Dial"},
		{"(*net.Conn).Read", 0, "net.Conn is an interface: its methods are named (net.Conn).Read, without the star"},
		{"(net.Listener).Acept", 0, "package net declares no method Acept on Listener"},
	} {
		fn, err := parseFuncName(tc.name)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := fn.check(net, tc.result); got != tc.want {
			t.Errorf("%s:%d: %q, want %q", tc.name, tc.result, got, tc.want)
		}
	}
	for _, bad := range []string{"Dial", "net.Dial)x", "(net.Dialer)Dial", "(Dialer).Dial"} {
		if _, err := parseFuncName(bad); err == nil {
			t.Errorf("parseFuncName(%q) accepted it", bad)
		}
	}
}

// TestAcquireFlagChecked runs closewait with wrong but well-formed
// -closewait.acquire entries: exit 1 and the error, where before the
// entries were taken and matched nothing; an entry for a package outside
// the run is a warning only.
func TestAcquireFlagChecked(t *testing.T) {
	t.Parallel() // its flags make a cache key of their own: a cold run
	// A module that imports net only: the run with the warning analyses
	// net's closure, not net/http's (vetmod's) as it did.
	dir := filepath.Join("testdata", "acquire")
	r := runIn(t, dir, closewaitBin, "-closewait.acquire=(net.Dialer).Dial:0:conn", "./...")
	if r.code != exitFailure || !strings.Contains(r.stderr, `closewait: -closewait.acquire entry "(net.Dialer).Dial:0:conn": the method Dial has a pointer receiver: it is named (*net.Dialer).Dial`) {
		t.Errorf("a wrong receiver: exit %d, want 1 and the error:\n%s", r.code, r.stderr)
	}
	r = runIn(t, dir, closewaitBin, "-closewait.acquire=example.com/elsewhere.Open:0:conn", "./...")
	if r.code != exitNoLeaks || !strings.Contains(r.stderr, "closewait: warning: -closewait.acquire entry \"example.com/elsewhere.Open:0:conn\": package example.com/elsewhere is not among the packages analyzed") {
		t.Errorf("a package outside the run: exit %d, want 0 and a warning:\n%s", r.code, r.stderr)
	}
}

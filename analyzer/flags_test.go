package analyzer_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/analyzer"
)

// setFlag sets one of the engine's flags for the duration of the test.
func setFlag(t *testing.T, name, value string) {
	f := analyzer.Analyzer.Flags.Lookup(name)
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		// Repeated values accumulate: clear the list, then restore it.
		f.Value.Set("")
		if old != "" {
			f.Value.Set(old)
		}
	})
}

// TestAcquireFlag checks that -closewait.acquire makes a third-party
// function an acquisition.
func TestAcquireFlag(t *testing.T) {
	setFlag(t, "acquire", "(pool.Pool).Get:0:conn")
	analysistest.Run(t, analysistest.TestData(), leaks, "pool")
}

// TestAcquireBadResult checks that an -closewait.acquire entry naming a
// result the function does not have is an error naming the entry, not a
// panic.
func TestAcquireBadResult(t *testing.T) {
	setFlag(t, "acquire", "(pool.Pool).Get:5:conn")
	var rec recorder
	analysistest.Run(&rec, analysistest.TestData(), analyzer.Analyzer, "pool")
	if !strings.Contains(rec.msgs, "-closewait.acquire entry (pool.Pool).Get:5") || !strings.Contains(rec.msgs, "no result 5") {
		t.Errorf("errors %q do not name the bad entry", rec.msgs)
	}
}

// A recorder collects what analysistest reports.
type recorder struct{ msgs string }

func (r *recorder) Errorf(format string, args ...any) { r.msgs += fmt.Sprintf(format, args...) + "\n" }

// TestExemptDefault checks that the websocket handshake response is exempt
// by default, and reported once the default is cleared.
func TestExemptDefault(t *testing.T) {
	leakSet.Run(t, "wsuser")

	setFlag(t, "exempt", "")
	results := analysistest.Run(&testing.T{}, analysistest.TestData(), leaks, "wsuser")
	if n := len(results[0].Diagnostics); n != 1 {
		t.Errorf("without the default exemption: %d diagnostics, want 1 (the dropped handshake response)", n)
	}
}

// TestBadFlag checks that a malformed flag value is refused when set, with
// an error naming the entry.
func TestBadFlag(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"acquire", "pool.Get:zero:conn", `"pool.Get:zero:conn"`},
		{"acquire", "pool.Get:0:socket", `kind "socket"`},
		{"exempt", "pool.Get", `"pool.Get"`},
	} {
		err := analyzer.Analyzer.Flags.Set(tc.name, tc.value)
		if err == nil {
			t.Errorf("-%s=%s: no error", tc.name, tc.value)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("-%s=%s: error %q does not name %s", tc.name, tc.value, err, tc.want)
		}
	}
	if got := analyzer.Analyzer.Flags.Lookup("acquire").Value.String(); got != "" {
		t.Errorf("a refused value was kept: %q", got)
	}
}

// TestGeneratedFlag checks that a leak in a generated file is reported
// without a suggested fix by default, and not at all under
// -closewait.generated=false, while the user's file beside it keeps its
// finding and its fix.
func TestGeneratedFlag(t *testing.T) {
	inFile := func(results []*analysistest.Result) map[string]int {
		seen := make(map[string]int) // file base name → diagnostics; fixes counted as 10 each
		for _, d := range results[0].Diagnostics {
			name := filepath.Base(results[0].Pass.Fset.File(d.Pos).Name())
			seen[name] += 1 + 10*len(d.SuggestedFixes)
		}
		return seen
	}
	if got := inFile(analysistest.Run(&testing.T{}, analysistest.TestData(), leaks, "gen")); got["gen.go"] != 1 || got["user.go"] != 11 {
		t.Errorf("by default: %v, want gen.go:1 (a finding, no fix) and user.go:11 (a finding and its fix)", got)
	}

	f := analyzer.Analyzer.Flags.Lookup("generated")
	if err := f.Value.Set("false"); err != nil {
		t.Fatal(err)
	}
	defer f.Value.Set(f.DefValue)
	if got := inFile(analysistest.Run(&testing.T{}, analysistest.TestData(), leaks, "gen")); got["gen.go"] != 0 || got["user.go"] != 11 {
		t.Errorf("with -closewait.generated=false: %v, want no gen.go and user.go:11", got)
	}
}

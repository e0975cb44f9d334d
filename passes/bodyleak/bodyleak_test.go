package bodyleak_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/internal/fixtures"
	"github.com/closewait/closewait/passes/bodyleak"
)

// fixtureSet is the fixture packages that the tests below check in one
// analysistest run (one load of their dependencies, net/http's among
// them); each test reports the failures of its own packages. The ones
// under a flag (drainedflag) and the fixes' golden files have runs of
// their own.
var fixtureSet = fixtures.New(bodyleak.Analyzer, "bodyleak", "sources", "bodyfixes", "drained")

func TestAnalyzer(t *testing.T) {
	fixtureSet.Run(t, "bodyleak")
}

// TestSuggestedFixes checks the offered `defer resp.Body.Close()` against
// a golden file.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), bodyleak.Analyzer, "bodyfixes")
}

// TestSources checks resources from calls without a readable body (fixtures
// in testdata/src/sources).
func TestSources(t *testing.T) {
	fixtureSet.Run(t, "sources")
}

// TestNoFixForWrappers checks that no fix is offered where the function
// returns a wrapper built on the body (wrappers.go): a Close of the body
// would break every read of the caller through it. (RunWithSuggestedFixes
// compares only the files that some fix edits.)
func TestNoFixForWrappers(t *testing.T) {
	results := fixtureSet.Run(t, "bodyfixes")
	n := 0
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if filepath.Base(r.Pass.Fset.Position(d.Pos).Filename) != "wrappers.go" {
				continue
			}
			n++
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%v: a fix is offered for a leak whose wrapper is returned: %s", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
	}
	if n != 6 {
		t.Errorf("%d findings in wrappers.go, want 6", n)
	}
}

// TestDrained checks that a body read to io.EOF before every return that
// leaves it unclosed is withheld by default (testdata/src/drained) and
// reported, without the CLOSE_WAIT wording, under -closewait.drained
// (testdata/src/drainedflag).
func TestDrained(t *testing.T) {
	fixtureSet.Run(t, "drained")
	setEngineFlag(t, "drained", "true")
	analysistest.Run(t, analysistest.TestData(), bodyleak.Analyzer, "drainedflag")
}

// setEngineFlag sets one of the engine's flags for the rest of the test.
func setEngineFlag(t *testing.T, name, value string) {
	f := analyzer.Analyzer.Flags.Lookup(name)
	old := f.Value.String()
	if err := f.Value.Set(value); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Value.Set(old) })
}

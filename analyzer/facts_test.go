package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/internal/fixtures"
)

// TestFacts checks the summaries exported as facts: what each function
// does with the resources passed to it, and which results are fresh.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "summaries")
}

// leaks reports every leak the engine finds, of every kind, the way the
// passes report theirs: the engine's tests check its findings through it.
var leaks = &analysis.Analyzer{
	Name:     "leaks",
	Doc:      "report every leak the engine finds",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			analyzer.Report(pass, l)
		}
		return nil, nil
	},
}

// leakSet is the fixture packages that the tests check through leaks,
// with the engine's default flags, in one analysistest run (one load of
// net/http's closure and one analysis of it, not one per test); each test
// reports the failures of its own packages. A test that sets a flag
// checks its packages in a run of its own, after any use of the set.
var leakSet = fixtures.New(leaks,
	"xupstream", "xmiddle", "xdownstream", "xbodyhelp", "xbodyuse", "gen", "cgouser", "silence", "wsuser")

// TestAcrossPackages checks that ownership travels through facts: from
// xupstream's helpers, through xmiddle's wrappers, to xdownstream.
func TestAcrossPackages(t *testing.T) {
	leakSet.Run(t, "xupstream", "xmiddle", "xdownstream")
}

// TestBodiesAcrossPackages checks body helpers in another package:
// closers, decode-and-close, read-only borrowers and a fetch helper.
func TestBodiesAcrossPackages(t *testing.T) {
	leakSet.Run(t, "xbodyhelp", "xbodyuse")
}

// TestGeneratedFiles checks that leaks in generated files are reported,
// as those of the package's other files are (TestGeneratedFlag checks
// their fixes and the flag that skips them).
func TestGeneratedFiles(t *testing.T) {
	leakSet.Run(t, "gen")
}

// TestCgoFiles checks that leaks in a cgo package, whose files the
// drivers see as cmd/cgo's generated translation, are reported at the
// user's lines (issue 10 item 5).
func TestCgoFiles(t *testing.T) {
	leakSet.Run(t, "cgouser")
}

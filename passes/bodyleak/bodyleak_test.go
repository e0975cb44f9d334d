package bodyleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/bodyleak"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), bodyleak.Analyzer, "bodyleak")
}

// TestSuggestedFixes checks the offered `defer resp.Body.Close()` against
// a golden file.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), bodyleak.Analyzer, "bodyfixes")
}

// TestSources checks resources from calls without a readable body (fixtures
// in testdata/src/sources).
func TestSources(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), bodyleak.Analyzer, "sources")
}

package connreuse_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/connreuse"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), connreuse.Analyzer, "connreuse", "startup")
}

// TestSuggestedFixes checks the drain inserted before a Close, and that
// none is offered for a deferred Close.
func TestSuggestedFixes(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), connreuse.Analyzer, "fixes")
}

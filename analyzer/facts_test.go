package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/analyzer"
)

// TestFacts checks the summaries exported as facts: what each function
// does with the resources passed to it, and which results are fresh.
func TestFacts(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "summaries")
}

package connleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/connleak"
)

// TestAcrossPackages checks that ownership travels through facts: from
// xupstream's helpers, through xmiddle's wrappers, to xdownstream.
func TestAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), connleak.Analyzer, "xupstream", "xmiddle", "xdownstream")
}

// TestGeneratedFiles checks that leaks in generated files are not
// reported, while the package's other files are.
func TestGeneratedFiles(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), connleak.Analyzer, "gen")
}

// TestCgoFiles checks that leaks in a cgo package, whose files the
// drivers see as cmd/cgo's generated translation, are reported at the
// user's lines (issue 10 item 5).
func TestCgoFiles(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), connleak.Analyzer, "cgouser")
}

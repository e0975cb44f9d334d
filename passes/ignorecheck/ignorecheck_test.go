package ignorecheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/connleak"
	"github.com/closewait/closewait/passes/ignorecheck"
)

func TestIgnoreCheck(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ignorecheck.Analyzer, "ignorecheck")
}

// TestDirectiveSilences checks that a directive with a reason silences the
// leak it covers (and only that one) in connleak's own report.
func TestDirectiveSilences(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), connleak.Analyzer, "silence")
}

package ignorecheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/ignorecheck"
)

func TestIgnoreCheck(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), ignorecheck.Analyzer, "ignorecheck")
}

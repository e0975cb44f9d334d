package ignorecheck_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/ignorecheck"
)

// TestIgnoreCheck checks which directives are reported; the fixture
// matches the stem of each message, and the full wording is pinned here.
func TestIgnoreCheck(t *testing.T) {
	wording := map[string]bool{
		"//closewait:ignore needs a reason: say why the resource need not be closed":        true,
		"//closewait:ignore silences nothing: no leak is reported on this line or the next": true,
	}
	for _, r := range analysistest.Run(t, analysistest.TestData(), ignorecheck.Analyzer, "ignorecheck") {
		for _, d := range r.Diagnostics {
			if !wording[d.Message] {
				t.Errorf("%s: message %q is not worded as pinned", r.Pass.Fset.Position(d.Pos), d.Message)
			}
		}
	}
}

package bodyleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/bodyleak"
)

// TestAcrossPackages checks body helpers in another package: closers,
// decode-and-close, read-only borrowers and a fetch helper.
func TestAcrossPackages(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), bodyleak.Analyzer, "xbodyhelp", "xbodyuse")
}

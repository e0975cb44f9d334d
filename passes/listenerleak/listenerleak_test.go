package listenerleak_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/closewait/closewait/passes/listenerleak"
)

func TestAnalyzer(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), listenerleak.Analyzer, "listenerleak", "mainexit")
}

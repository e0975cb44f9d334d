package analyzer_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"
)

// TestDirectiveSilences checks that a //closewait:ignore directive with a
// reason silences the leak it covers, and only that one.
func TestDirectiveSilences(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), leaks, "silence")
}

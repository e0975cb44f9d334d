package analyzer_test

import "testing"

// TestDirectiveSilences checks that a //closewait:ignore directive with a
// reason silences the leak it covers, and only that one.
func TestDirectiveSilences(t *testing.T) {
	leakSet.Run(t, "silence")
}

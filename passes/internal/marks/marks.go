package marks

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Lines returns, sorted, "file.go:line" for each line of the .go files in
// dir that contains marker; there must be one.
func Lines(t testing.TB, dir, marker string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range strings.Split(string(data), "\n") {
			if strings.Contains(l, marker) {
				lines = append(lines, fmt.Sprintf("%s:%d", filepath.Base(f), i+1))
			}
		}
	}
	if len(lines) == 0 {
		t.Fatalf("no %q line in %s", marker, dir)
	}
	slices.Sort(lines)
	return lines
}

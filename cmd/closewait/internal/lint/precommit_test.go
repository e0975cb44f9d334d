package lint

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestModuleDirs checks that each .go file counts for the nearest go.mod
// above it: nested modules apart, each module once, other files ignored,
// and .go files in no module listed.
func TestModuleDirs(t *testing.T) {
	root := t.TempDir()
	for _, f := range []string{"a/go.mod", "a/x.go", "a/p/y.go", "a/n/go.mod", "a/n/z.go", "loose/w.go"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	in := func(f string) string { return filepath.Join(root, f) }
	mods, outside := moduleDirs([]string{in("a/p/y.go"), in("a/n/z.go"), in("a/x.go"), in("a/go.mod"), in("loose/w.go")})
	if want := []string{in("a"), in("a/n")}; !slices.Equal(mods, want) {
		t.Errorf("modules %q, want %q", mods, want)
	}
	if want := []string{in("loose/w.go")}; !slices.Equal(outside, want) {
		t.Errorf("outside %q, want %q", outside, want)
	}
}

package lint

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestPreCommitOutsideModule checks that a .go file with no go.mod above
// it is named as not analyzed, and that the exit status says so.
func TestPreCommitOutsideModule(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"loose.go": "package loose\n"})
	r := runIn(t, dir, closewaitBin, "precommit", "loose.go")
	if r.code != exitFailure || !strings.Contains(r.stderr, "closewait: loose.go: no go.mod above it; not analyzed") {
		t.Errorf("exit %d, want 1 and the file named:\n%s", r.code, r.stderr)
	}
}

// TestPreCommitWriteBaseline records one baseline for two modules of a
// repository with closewait precommit -write-baseline, then checks each
// module against it: nothing new in either.
func TestPreCommitWriteBaseline(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	repo := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, adoptDir, "base"), filepath.Join(repo, "adopt"))
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), filepath.Join(repo, "vetmod"))
	files := []string{"adopt/server.go", "adopt/client.go", "vetmod/leaky/leaky.go"}
	r := runIn(t, repo, closewaitBin, append([]string{"precommit", "-write-baseline=b.json"}, files...)...)
	if r.code != exitNoLeaks || !strings.Contains(r.stderr, "wrote 6 findings to the baseline b.json") {
		t.Fatalf("precommit -write-baseline: exit %d, want 0 and 6 findings (4 + 2):\n%s", r.code, r.stderr)
	}
	r = runIn(t, repo, closewaitBin, append([]string{"precommit", "-baseline=b.json"}, files...)...)
	if r.code != exitNoLeaks || len(parseText(r.stderr)) != 0 {
		t.Errorf("precommit -baseline: exit %d, want 0 and no finding:\n%s", r.code, r.stderr)
	}
}

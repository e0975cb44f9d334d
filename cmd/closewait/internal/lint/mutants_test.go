package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMutantsRunner runs the unit tests of the mutation benchmark's
// runner and generator, a module of its own in testdata/mutants: they
// need no network and no closewait binary.
func TestMutantsRunner(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot, "testdata", "mutants")
	r := runInEnv(t, dir, []string{"GOWORK=off"}, "go", "test", "./...")
	if r.code != 0 {
		t.Fatalf("go test ./... in testdata/mutants: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestMutants runs the subset of the mutation benchmark
// (testdata/mutants/run.sh -check -subset): real functions of corpus
// modules with one Close removed, each module copied from the Go module
// proxy. It fails when a mutant detected before is now missed, a control
// clean before is now flagged, or a mutant cannot be judged.
func TestMutants(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes a copy of each module of the mutation benchmark's subset")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "testdata", "mutants", "results.golden")); err != nil {
		t.Skip("no testdata/mutants/results.golden yet: write it with testdata/mutants/run.sh -update")
	}
	t.Parallel() // with the other long runs: each leaves part of the two cores idle
	// The binary TestMain built.
	env := []string{"CLOSEWAIT=" + closewaitBin}
	r := runInEnv(t, repoRoot, env, "bash", filepath.Join("testdata", "mutants", "run.sh"), "-check", "-subset")
	if r.code != 0 {
		t.Fatalf("bash testdata/mutants/run.sh -check -subset: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("%s", strings.TrimSpace(r.stdout))
}

package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCorpusSubset runs the corpus harness (testdata/corpus/run.sh) on its
// bounded subset, testdata/corpus/subset.txt: a few std networking
// packages and five corpus modules, fetched through the Go module proxy.
// It fails on a panic, an internal or analysis error, a package that does
// not load, on any difference from the subset's lines of
// testdata/corpus/findings.golden, and when the run does not replay the
// triage of testdata/corpus/ledger.tsv (a finding without a ledger line, a
// false positive that came back, a real finding of the subset lost). The
// full corpus is the one command testdata/corpus/run.sh, not part of go
// test.
func TestCorpusSubset(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes std networking packages and five corpus modules")
	}
	script := filepath.Join(repoRoot, "testdata", "corpus", "run.sh")
	if _, err := os.Stat(script); err != nil {
		t.Fatalf("corpus harness: %v", err)
	}
	t.Parallel() // with the other long runs: each leaves part of the two cores idle
	// The binary TestMain built.
	env := []string{"CLOSEWAIT=" + closewaitBin}
	r := runInEnv(t, repoRoot, env, "bash", script, "subset")
	if r.code != 0 {
		t.Fatalf("bash testdata/corpus/run.sh subset: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("%s", strings.TrimSpace(r.stderr))
}

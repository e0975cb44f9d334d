package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRealLeaksRunner runs the unit tests of the real-leak corpus's
// runner, a module of its own in testdata/realleaks: they need no
// network and no closewait binary.
func TestRealLeaksRunner(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(repoRoot, "testdata", "realleaks")
	r := runInEnv(t, dir, []string{"GOWORK=off"}, "go", "test", "./...")
	if r.code != 0 {
		t.Fatalf("go test ./... in testdata/realleaks: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestRealLeaks runs the real-leak corpus (testdata/realleaks/run.sh
// -check): leaks that public projects fixed, each module version fetched
// through the Go module proxy. It fails when a leak found before is now
// missed, a fixed version clean before is now flagged, or a case errors.
func TestRealLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("analyzes every module version of the real-leak corpus")
	}
	if _, err := os.Stat(filepath.Join(repoRoot, "testdata", "realleaks", "results.golden")); err != nil {
		t.Skip("no testdata/realleaks/results.golden yet: write it with testdata/realleaks/run.sh -update")
	}
	// About 30s per module version on two cores: 40 versions take longer
	// than go test's default timeout of 10m, which would kill every test.
	if d, ok := t.Deadline(); ok && time.Until(d) < 25*time.Minute {
		t.Skip("takes about 15 minutes: run with go test -timeout 30m -run TestRealLeaks")
	}
	t.Parallel() // with the other long runs: each leaves part of the two cores idle
	// The binary TestMain built; the scratch modules where run.sh keeps
	// them, so that go mod tidy runs once per module version, not per run.
	env := []string{"CLOSEWAIT=" + closewaitBin}
	scratch := filepath.Join(userCacheDir, "closewait-realleaks")
	r := runInEnv(t, repoRoot, env, "bash", filepath.Join("testdata", "realleaks", "run.sh"), "-check", "-cache", scratch)
	if r.code != 0 {
		t.Fatalf("bash testdata/realleaks/run.sh -check: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Logf("%s", strings.TrimSpace(r.stdout))
}

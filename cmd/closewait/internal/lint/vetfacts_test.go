package lint

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestVetFacts runs go vet -vettool=closewait on a two-package module:
// vet analyses each package in its own process, so the findings in app,
// which depend on what helpers' functions do, prove that facts flow
// between packages.
func TestVetFacts(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetfacts"), dir)

	r := runIn(t, dir, "go", "vet", "-vettool="+closewaitBin, "./...")
	if r.code == 0 {
		t.Errorf("go vet exited 0, want non-zero\n%s", r.stderr)
	}
	fs := parseText(r.stderr)
	checkLines(t, fs, marks(t, dir, "app"))
	for _, want := range []string{
		"net.Conn c from helpers.Dial is not closed on the io.EOF return at line 19 (the peer's FIN leaves it in CLOSE_WAIT)",
		"net.Conn c from ln.Accept is not closed by Echo, which takes it, on its io.EOF return at helpers.go:28 (the peer's FIN leaves it in CLOSE_WAIT)",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("go vet output lacks %q\n%s", want, r.stderr)
		}
	}
	for _, f := range fs {
		if strings.HasPrefix(f.file, "helpers/") {
			t.Errorf("helpers reported: %s:%d: %s", f.file, f.line, f.message)
		}
	}
}

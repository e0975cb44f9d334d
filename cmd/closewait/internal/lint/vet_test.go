package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// copyDir copies the regular files under src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestVetTool runs go vet -vettool=closewait for real on a small module
// (a copy of testdata/vetmod): the leaky package's conn read-loop leak
// and body leak are reported with file, line and wording, the clean
// package is silent, and vet exits non-zero.
func TestVetTool(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)

	r := runIn(t, dir, "go", "vet", "-vettool="+closewaitBin, "./...")
	if r.code == 0 {
		t.Errorf("go vet exited 0, want non-zero for the leaky package\n%s", r.stderr)
	}
	fs := parseText(r.stderr)
	ms := marks(t, dir, "leaky")
	checkLines(t, fs, ms)
	checkBasicMessages(t, fs, ms)
	for _, f := range fs {
		if strings.HasPrefix(f.file, "clean/") {
			t.Errorf("clean package reported: %s:%d: %s", f.file, f.line, f.message)
		}
	}
	checkNoNoise(t, r.stderr)

	// Only the clean package: vet succeeds and prints nothing.
	r = runIn(t, dir, "go", "vet", "-vettool="+closewaitBin, "./clean")
	if r.code != 0 || strings.TrimSpace(r.stdout+r.stderr) != "" {
		t.Errorf("go vet ./clean: exit %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Pass flags go through vet: without connleak only the body remains.
	r = runIn(t, dir, "go", "vet", "-vettool="+closewaitBin, "-connleak=false", "./...")
	var bodies []mark
	for _, m := range ms {
		if m.pass == "bodyleak" {
			bodies = append(bodies, m)
		}
	}
	checkLines(t, parseText(r.stderr), bodies)
}

// TestVetProtocol checks the queries go vet makes of a -vettool.
func TestVetProtocol(t *testing.T) {
	r := closewait(t, "-V=full")
	if r.code != 0 || !strings.Contains(r.stdout, "version") || !strings.Contains(r.stdout, "buildID=") {
		t.Errorf("-V=full: exit %d, stdout %q", r.code, r.stdout)
	}
	r = closewait(t, "-flags")
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.stdout), &flags); err != nil || r.code != 0 {
		t.Fatalf("-flags: exit %d, %v:\n%s", r.code, err, r.stdout)
	}
	got := make(map[string]bool)
	for _, f := range flags {
		got[f.Name] = f.Bool
	}
	for _, name := range []string{"connleak", "listenerleak", "bodyleak", "json"} {
		if isBool, ok := got[name]; !ok || !isBool {
			t.Errorf("-flags: no bool flag %q in %s", name, r.stdout)
		}
	}
}

// TestVetStd runs closewait on the standard library through go vet: it
// must not crash or fail internally on any package. Findings are allowed.
func TestVetStd(t *testing.T) {
	if testing.Short() {
		t.Skip("vets the whole standard library")
	}
	t.Parallel() // with the other long runs: each leaves part of the two cores idle
	start := time.Now()
	r := runIn(t, t.TempDir(), "go", "vet", "-vettool="+closewaitBin, "std")
	t.Logf("go vet -vettool=closewait std: exit %d, %d findings, wall time %s",
		r.code, len(parseText(r.stderr)), time.Since(start).Round(time.Second))
	out := r.stdout + r.stderr
	for _, l := range strings.Split(out, "\n") {
		for _, bad := range []string{"panic:", "internal error", "analysis skipped due to errors"} {
			if strings.Contains(l, bad) {
				t.Errorf("go vet std: %s", l)
			}
		}
	}
	// vet exits 1 with findings; anything else must come with findings too.
	if r.code != 0 && len(parseText(r.stderr)) == 0 {
		t.Errorf("go vet std: exit %d without findings:\n%s", r.code, tail(out, 40))
	}
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// TestVetBadFlag gives go vet a bad value for one of closewait's flags:
// vet runs the tool once per package (dependencies included), and each
// run must say what is wrong in one line naming the flag, without the
// usage that would otherwise be printed once per package.
func TestVetBadFlag(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)
	r := runIn(t, dir, "go", "vet", "-vettool="+closewaitBin, "-closewait.exempt=bogus", "./...")
	if r.code == 0 {
		t.Fatalf("go vet with a bad flag value exited 0:\n%s", r.stderr)
	}
	want := `closewait: invalid value "bogus" for flag -closewait.exempt: `
	var errs, other int
	for _, l := range strings.Split(strings.TrimSpace(r.stdout+r.stderr), "\n") {
		switch {
		case strings.HasPrefix(l, "# "): // vet's package header
		case strings.HasPrefix(l, want) && strings.Contains(l, "want FUNC:RESULT"):
			errs++
		default:
			other++
			if other <= 5 {
				t.Errorf("unexpected line: %q", l)
			}
		}
	}
	if errs == 0 || other > 0 {
		t.Errorf("%d error lines, %d other lines; want only %q lines:\n%s", errs, other, want, tail(r.stderr, 20))
	}
}

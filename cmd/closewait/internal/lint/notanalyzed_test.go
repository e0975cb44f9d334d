package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNotAnalyzed checks that a package the patterns match but that
// closewait cannot analyze is named, with the reason, in every output
// format, and that the exit status is 1: one whose dependency does not
// type-check, and, with -test=false, one with only _test.go files (which
// exited 0 in silence, with a successful SARIF run).
func TestNotAnalyzed(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := t.TempDir()
	for name, text := range map[string]string{
		"go.mod":              "module example.com/m\n\ngo 1.26\n",
		"broken/broken.go":    "package broken\n\nfunc F() int { return undefinedName }\n",
		"uses/uses.go":        "package uses\n\nimport \"example.com/m/broken\"\n\nvar X = broken.F\n",
		"onlytests/x_test.go": "package onlytests\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const (
		usesMsg  = "example.com/m/uses: not analyzed: its dependency example.com/m/broken has errors (above)"
		testsMsg = "example.com/m/onlytests: not analyzed: it has only _test.go files, which -test=false leaves out"
	)
	for _, tc := range []struct {
		args []string
		want []string // in stderr
	}{
		{[]string{"./uses"}, []string{"closewait: broken/broken.go:3:23: undefined: undefinedName", "closewait: " + usesMsg}},
		{[]string{"-test=false", "./onlytests"}, []string{"closewait: " + testsMsg}},
		// A wildcard that matches a directory of tests names it in a
		// warning, as go build ./... skips it; the broken dependency
		// still fails the run.
		{[]string{"-test=false", "./..."}, []string{"closewait: " + usesMsg, "closewait: warning: " + testsMsg}},
	} {
		r := runIn(t, dir, closewaitBin, tc.args...)
		if r.code != exitFailure {
			t.Errorf("%v: exit %d, want %d", tc.args, r.code, exitFailure)
		}
		for _, w := range tc.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", tc.args, w, r.stderr)
			}
		}
		checkNoNoise(t, r.stderr)
	}

	r := runIn(t, dir, closewaitBin, "-test=false", "./onlytests/...")
	if r.code != exitNoLeaks || !strings.Contains(r.stderr, "closewait: warning: "+testsMsg) {
		t.Errorf("-test=false ./onlytests/...: exit %d, want %d, and a warning naming it:\n%s", r.code, exitNoLeaks, r.stderr)
	}

	r = runIn(t, dir, closewaitBin, "-json", "-test=false", "./uses", "./onlytests")
	for _, w := range []string{`"error": "not analyzed: its dependency example.com/m/broken does not load or type-check: `, `"error": "not analyzed: it has only _test.go files`} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("-json: stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	if r.code != exitFailure {
		t.Errorf("-json: exit %d, want %d", r.code, exitFailure)
	}

	r = runIn(t, dir, closewaitBin, "-format=sarif", "-test=false", "./onlytests")
	validateSARIF(t, r.stdout)
	log := parseSARIF(t, r.stdout)
	inv := log.Runs[0].Invocations[0]
	if inv.ExecutionSuccessful || len(inv.Notifications) != 1 || inv.Notifications[0].Message.Text != testsMsg {
		t.Errorf("SARIF invocation %+v, want executionSuccessful false and the notification %q", inv, testsMsg)
	}
	if r.code != exitFailure {
		t.Errorf("SARIF: exit %d, want %d", r.code, exitFailure)
	}
}

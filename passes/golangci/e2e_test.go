package golangci_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/closewait/closewait/internal/marks"
)

// TestGolangciLintE2E builds a golangci-lint v2 binary with the closewait
// plugin (see buildGolangciLint) and runs it on testdata/mod: every line
// marked "LEAK(pass)" there must be reported by closewait and nothing else, and
// the //nolint:closewait line must be silenced (nolintlint, enabled in the
// fixture's .golangci.yml, would report the directive if it were unused).
func TestGolangciLintE2E(t *testing.T) {
	if testing.Short() {
		t.Skip("builds golangci-lint: skipped under -short")
	}
	bin := buildGolangciLint(t)

	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/mod")); err != nil {
		t.Fatal(err)
	}

	t.Run("report", func(t *testing.T) {
		stdout, stderr, code := runGolangciLint(t, bin, dir)
		if code != 0 && code != 1 { // 1: issues found
			t.Fatalf("golangci-lint exited %d\nstderr:\n%s", code, stderr)
		}
		var report struct {
			Issues []struct {
				FromLinter string
				Text       string
				Pos        struct {
					Filename string
					Line     int
				}
			}
		}
		if err := json.Unmarshal(stdout, &report); err != nil {
			t.Fatalf("decoding the JSON report: %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
		}
		var got []string
		for _, is := range report.Issues {
			pos := fmt.Sprintf("%s:%d", filepath.Base(is.Pos.Filename), is.Pos.Line)
			if is.FromLinter != "closewait" {
				t.Errorf("%s: unexpected %s issue: %s", pos, is.FromLinter, is.Text)
				continue
			}
			if !strings.Contains(is.Text, "closed") {
				t.Errorf("%s: closewait message %q does not say what is not closed", pos, is.Text)
			}
			got = append(got, pos)
		}
		want := marks.Lines(t, dir)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("closewait reported at %v, want %v\nstdout:\n%s\nstderr:\n%s", got, want, stdout, stderr)
		}
		if (code == 1) != (len(report.Issues) > 0) {
			t.Errorf("exit code %d with %d issues", code, len(report.Issues))
		}
	})

	t.Run("unknown-setting", func(t *testing.T) {
		cfg, err := os.ReadFile(filepath.Join(dir, ".golangci.yml"))
		if err != nil {
			t.Fatal(err)
		}
		const anchor = "\n        type: module\n"
		if !bytes.Contains(cfg, []byte(anchor)) {
			t.Fatalf(".golangci.yml has no %q line", anchor)
		}
		cfg = bytes.Replace(cfg, []byte(anchor), []byte(anchor+"        settings:\n          no-such-flag: 3\n"), 1)
		bad := filepath.Join(t.TempDir(), "bad.yml")
		if err := os.WriteFile(bad, cfg, 0o666); err != nil {
			t.Fatal(err)
		}
		_, stderr, code := runGolangciLint(t, bin, dir, "-c", bad)
		if code == 0 || code == 1 {
			t.Errorf("golangci-lint exited %d with an unknown setting, want a failure", code)
		}
		for _, want := range []string{`unknown key "no-such-flag"`, "valid keys:", "connleak: {...}"} {
			if !bytes.Contains(stderr, []byte(want)) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
	})
}

// runGolangciLint runs bin's run command in dir with a JSON report on
// stdout, a fresh analysis cache, and extra arguments, and returns its
// output and exit code.
func runGolangciLint(t *testing.T, bin, dir string, extra ...string) (stdout, stderr []byte, code int) {
	t.Helper()
	args := append([]string{"run", "--output.json.path=stdout", "--show-stats=false"}, extra...)
	cmd := exec.Command(bin, append(args, "./...")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir())
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("golangci-lint: %v", err)
		}
	}
	return out.Bytes(), errb.Bytes(), cmd.ProcessState.ExitCode()
}

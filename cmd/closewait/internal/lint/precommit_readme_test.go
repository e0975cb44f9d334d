package lint

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// argsLine matches the args line of a hook in a pre-commit configuration.
var argsLine = regexp.MustCompile(`(?m)^\s*args: .*\n`)

// TestPreCommitReadme adopts closewait with pre-commit as the README
// says, on a repository whose module already has findings
// (testdata/adopt): the README's configurations (the local hook with
// closewait installed, and this repository's hook from a checkout at a
// commit), with a baseline written by the README's command, or with the
// README's args for new code only. With the hook installed, a commit of
// an unrelated edit (lines shifted, and for the baseline a function moved
// to another file) passes, and a commit that adds a leak fails, naming
// that leak and no other. Offline: GOPROXY=off, GOSUMDB=off.
func TestPreCommitReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("runs pre-commit (and builds closewait in its environment): skipped under -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pre-commit is not on PATH under CI (.ci/run installs it): %v", err)
		}
		t.Skipf("pre-commit is not on PATH (apt-get install pre-commit): %v", err)
	}
	root := repoRoot // absolute: TestMain made it so
	tmp := t.TempDir()
	// The snapshot, closewait built from it (on PATH, for the local hook),
	// and pre-commit's home, shared with TestPreCommitHooks.
	shared := sharedHookRepo(t)
	hookRepo, rev := shared.dir, shared.rev
	// The go command keeps the usual build cache: XDG_CACHE_HOME would
	// otherwise move it too, and pre-commit's build of the hook and every
	// go list of closewait would start from an empty one.
	gocache := strings.TrimSpace(run(t, os.Environ(), root, "go", "env", "GOCACHE"))
	env := append(slices.Clip(shared.env),
		"GOPROXY=off", "GOSUMDB=off", "GOFLAGS=", "GOCACHE="+gocache,
		"XDG_CACHE_HOME="+filepath.Join(tmp, "cache"), // closewait's cache, shared by the runs
	)
	newLeak := newLeakLine(t) + ":"

	for _, c := range []struct{ config, mode string }{
		{"precommit-local", "baseline"},
		{"precommit-local", "new-code"},
		{"precommit-repo", "baseline"},
	} {
		t.Run(c.config+"/"+c.mode, func(t *testing.T) {
			user := filepath.Join(t.TempDir(), "user")
			if err := os.CopyFS(user, os.DirFS(filepath.Join(root, "testdata", "adopt", "base"))); err != nil {
				t.Fatal(err)
			}
			config := readmeSnippet(t, c.config)
			config = strings.ReplaceAll(config, "/path/to/closewait", hookRepo)
			config = strings.ReplaceAll(config, "rev: COMMIT", "rev: "+rev)
			if c.mode == "new-code" {
				config = argsLine.ReplaceAllString(config, readmeSnippet(t, "precommit-new-code"))
			}
			if !strings.Contains(config, "args: [-baseline=closewait-baseline.json]") && !strings.Contains(config, "args: [-new-from-rev=HEAD]") {
				t.Fatalf("the README's configuration has no args line to use:\n%s", config)
			}
			// The code with findings is already committed when the team
			// adopts closewait.
			run(t, env, user, "git", "init", "-q")
			run(t, env, user, "git", "add", "-A")
			run(t, env, user, "git", "commit", "-q", "-m", "code with findings")
			if err := os.WriteFile(filepath.Join(user, ".pre-commit-config.yaml"), []byte(config), 0o666); err != nil {
				t.Fatal(err)
			}
			if c.mode == "baseline" {
				t.Logf("writing the baseline")
				run(t, env, user, "bash", "-e", "-c", readmeSnippet(t, "write-baseline"))
			}
			run(t, env, user, "pre-commit", "install")
			run(t, env, user, "git", "add", "-A")
			run(t, env, user, "git", "commit", "-q", "-m", "adopt closewait")

			commit := func(step string, edit string) (string, bool) {
				t.Helper()
				copyOver(t, filepath.Join(root, "testdata", "adopt", edit), user)
				run(t, env, user, "git", "add", "-A")
				cmd := exec.Command("git", "commit", "-m", step)
				cmd.Dir, cmd.Env = user, env
				out, err := cmd.CombinedOutput()
				if _, ok := err.(*exec.ExitError); err != nil && !ok {
					t.Fatalf("git commit: %v", err)
				}
				return string(out), err == nil
			}
			t.Logf("adopted; committing edits")
			shift := "shift"
			if c.mode == "new-code" {
				shift = "shiftonly" // to git, a function moved is new code
			}
			if out, ok := commit("an unrelated edit", shift); !ok || !strings.Contains(out, "Passed") {
				t.Errorf("committing an unrelated edit failed, want the hook to pass:\n%s", out)
			}
			out, ok := commit("a new leak", "newleak")
			if ok || !strings.Contains(out, "Failed") {
				t.Errorf("committing a new leak succeeded, want the hook to fail:\n%s", out)
			}
			if !strings.Contains(out, newLeak) || strings.Contains(out, "server.go:") || strings.Contains(out, "moved.go:") {
				t.Errorf("the hook's output should name the new leak (%s) and no existing finding:\n%s", newLeak, out)
			}
		})
	}
}

// copyOver copies the files of dir src over those of dst.
func copyOver(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

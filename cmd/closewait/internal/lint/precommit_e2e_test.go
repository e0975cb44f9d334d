package lint

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	leakmarks "github.com/closewait/closewait/internal/marks"
)

// TestPreCommitHooks runs both hooks of .pre-commit-hooks.yaml with the
// pre-commit command on a user's repository: the one of testdata/precommit
// with leaks must fail with closewait's diagnostics at its lines marked
// "LEAK(pass)", and the clean one must pass; the same again with the module in
// a subdirectory of the repository (sub/go.mod), where the hooks must run
// closewait in the module's directory. The hook repository is a snapshot
// of this working tree, committed in a temporary repository, so that the
// test checks what is on disk rather than the last commit.
//
// pre-commit is Debian's package (.ci/run installs it); without it the
// test skips, except under CI=true, where it fails.
func TestPreCommitHooks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds closewait in pre-commit's environment: skipped under -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pre-commit is not on PATH under CI (.ci/run installs it): %v", err)
		}
		t.Skipf("pre-commit is not on PATH (apt-get install pre-commit): %v", err)
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git: %v", err)
	}

	root := repoRoot // absolute: TestMain made it so
	// The snapshot, closewait built from it for the system hook, and
	// pre-commit's home, shared with TestPreCommitReadme.
	shared := sharedHookRepo(t)
	hookRepo, rev, env := shared.dir, shared.rev, shared.env

	for _, hook := range []string{"closewait", "closewait-system"} {
		for _, c := range []struct{ fixture, sub string }{{"leaky", ""}, {"clean", ""}, {"leaky", "sub"}, {"clean", "sub"}} {
			fixture := c.fixture
			t.Run(hook+"/"+filepath.Join(c.sub, fixture), func(t *testing.T) {
				user := filepath.Join(t.TempDir(), "user")
				module := filepath.Join(user, c.sub)
				if err := os.CopyFS(module, os.DirFS(filepath.Join(root, "testdata", "precommit", fixture))); err != nil {
					t.Fatal(err)
				}
				config := fmt.Sprintf("repos:\n  - repo: %s\n    rev: %s\n    hooks:\n      - id: %s\n", hookRepo, rev, hook)
				if err := os.WriteFile(filepath.Join(user, ".pre-commit-config.yaml"), []byte(config), 0o666); err != nil {
					t.Fatal(err)
				}
				run(t, env, user, "git", "init", "-q")
				run(t, env, user, "git", "add", "-A")
				run(t, env, user, "git", "commit", "-q", "-m", "user code")

				cmd := exec.Command("pre-commit", "run", "--all-files", "--color=never")
				cmd.Dir = user
				cmd.Env = env
				out, err := cmd.CombinedOutput()
				if err != nil {
					if _, ok := err.(*exec.ExitError); !ok {
						t.Fatalf("pre-commit: %v", err)
					}
				}
				if fixture == "clean" {
					if err != nil || !bytes.Contains(out, []byte("Passed")) {
						t.Errorf("pre-commit on the clean module: %v, want success with Passed; output:\n%s", err, out)
					}
					return
				}
				if err == nil || !bytes.Contains(out, []byte("Failed")) {
					t.Errorf("pre-commit on the leaky module succeeded, want a failure; output:\n%s", out)
				}
				for _, want := range leakmarks.Lines(t, module) {
					want = filepath.Join(c.sub, want) // relative to the repository's root
					if !bytes.Contains(out, []byte(want+":")) {
						t.Errorf("output lacks a diagnostic at %s", want)
					}
				}
				if !bytes.Contains(out, []byte("closed")) {
					t.Errorf("output lacks closewait's message (\"... closed\")")
				}
				if t.Failed() {
					t.Logf("output:\n%s", out)
				}
			})
		}
	}
}

// run runs name with args in dir under env and returns its standard
// output, failing the test on error.
func run(t *testing.T, env []string, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return string(out)
}

// gitEnv returns the environment for git and pre-commit: this one, with a
// fixed identity and no global or system git configuration (an empty file
// under dir stands for the global one).
func gitEnv(t *testing.T, dir string) []string {
	t.Helper()
	global := filepath.Join(dir, "gitconfig")
	if err := os.WriteFile(global, []byte("[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(),
		"GIT_CONFIG_GLOBAL="+global,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=closewait test", "GIT_AUTHOR_EMAIL=test@example.invalid",
		"GIT_COMMITTER_NAME=closewait test", "GIT_COMMITTER_EMAIL=test@example.invalid",
	)
}

// snapshot commits, in a new repository at dst, the files of the working
// tree at root that git tracks or would track (untracked files not
// ignored), as they are on disk.
func snapshot(t *testing.T, env []string, root, dst string) {
	t.Helper()
	list := run(t, env, root, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	n := 0
	for _, rel := range strings.Split(list, "\x00") {
		if rel == "" {
			continue
		}
		src, to := filepath.Join(root, rel), filepath.Join(dst, rel)
		fi, err := os.Lstat(src)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		} else if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(to), 0o777); err != nil {
			t.Fatal(err)
		}
		switch {
		case fi.Mode()&os.ModeSymlink != 0:
			target, err := os.Readlink(src)
			if err == nil {
				err = os.Symlink(target, to)
			}
			if err != nil {
				t.Fatal(err)
			}
		case fi.Mode().IsRegular():
			if err := copyFile(src, to, fi.Mode().Perm()); err != nil {
				t.Fatal(err)
			}
		default:
			continue
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no files listed in %s", root)
	}
	run(t, env, dst, "git", "init", "-q")
	run(t, env, dst, "git", "add", "-A")
	run(t, env, dst, "git", "commit", "-q", "-m", "snapshot of the working tree")
}

func copyFile(src, dst string, perm os.FileMode) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

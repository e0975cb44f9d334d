package lint

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
)

// The README and docs/*.md mark each snippet that these tests run with a
// line "<!-- readme-test: NAME -->" before its fenced block. The tests run a
// snippet as written, with the placeholder of a checkout of closewait,
// /path/to/closewait, replaced by a snapshot of this working tree (a
// fresh checkout), and with no network: GOPROXY=off and GOSUMDB=off, the
// module cache holding closewait's dependencies as a first build leaves
// it.

// readmeSnippet returns the fenced block that follows the
// "<!-- readme-test: NAME -->" line of the user documentation, README.md
// and docs/*.md, which must hold that line exactly once.
func readmeSnippet(t *testing.T, name string) string {
	t.Helper()
	docs, err := filepath.Glob(filepath.Join(repoRoot, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var md strings.Builder
	for _, path := range append([]string{filepath.Join(repoRoot, "README.md")}, docs...) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		md.Write(text)
		md.WriteString("\n")
	}
	marker := "<!-- readme-test: " + name + " -->\n"
	if n := strings.Count(md.String(), marker); n != 1 {
		t.Fatalf("README.md and docs/*.md hold %d %q, want 1", n, strings.TrimSpace(marker))
	}
	_, rest, _ := strings.Cut(md.String(), marker)
	fence, rest, ok := strings.Cut(rest, "\n")
	if !ok || !strings.HasPrefix(fence, "```") {
		t.Fatalf("%q is not followed by a fenced block", strings.TrimSpace(marker))
	}
	body, _, ok := strings.Cut(rest, "```\n")
	if !ok {
		t.Fatalf("the block after %q does not end", strings.TrimSpace(marker))
	}
	return body
}

// checkoutPlaceholder is the README's name for a checkout of closewait.
const checkoutPlaceholder = "/path/to/closewait"

// checkout is the fresh checkout that the README tests share (they only
// read it): made once, so that the go command builds closewait from it
// once and every build of it is the same binary, whose analyses the
// default cache keeps.
var checkout struct {
	once sync.Once
	dir  string
	err  error
}

// freshCheckout returns the tests' fresh checkout of this working tree,
// making it on first use; the tests must not change it. It also fills the
// module cache with every module of closewait's build list (online, as a
// user's first build would), because the snippets then run offline and a
// user module's go mod tidy needs them all (the test dependencies of
// closewait's dependencies, which a build of closewait never downloads,
// included): on a fresh machine they would otherwise be missing.
func freshCheckout(t *testing.T) string {
	t.Helper()
	checkout.once.Do(func() {
		checkout.dir = filepath.Join(testTmp, "checkout", "closewait")
		if checkout.err = copyCheckout(checkout.dir); checkout.err != nil {
			return
		}
		cmd := exec.Command("go", "mod", "download", "all")
		cmd.Dir = checkout.dir
		if out, err := cmd.CombinedOutput(); err != nil {
			checkout.err = fmt.Errorf("go mod download all: %v\n%s", err, out)
		}
	})
	if checkout.err != nil {
		t.Fatalf("fresh checkout: %v", checkout.err)
	}
	return checkout.dir
}

// checkoutBuild is the build of closewait from the fresh checkout as the
// README's snippets build it (CGO_ENABLED=0, offline), made once before
// them: the snippets that build it (the install, the CI recipes, the
// workflow) run in parallel and would otherwise each compile every
// package of the checkout; and one run of it on the adopt module fills
// the default cache with the standard library's entries for that binary
// (every build of the checkout is the same binary), which each parallel
// first run would otherwise compute again.
var checkoutBuild struct {
	once sync.Once
	ok   bool
}

// warmCheckoutBuild makes checkoutBuild, or fails the test if it failed.
func warmCheckoutBuild(t *testing.T) {
	t.Helper()
	checkoutBuild.once.Do(func() {
		dir := freshCheckout(t)
		bin := filepath.Join(testTmp, "checkout-bin", "closewait")
		if out, code := runScript(t, dir, offlineEnv(nil, "CGO_ENABLED=0"), "go build -o "+bin+" ./cmd/closewait"); code != 0 {
			t.Fatalf("building closewait in the fresh checkout: exit %d\n%s", code, out)
		}
		if out, code := runScript(t, newAdoptModule(t), offlineEnv(nil), bin+" ./..."); code != exitLeaks {
			t.Fatalf("closewait built in the fresh checkout, on the adopt module: exit %d, want %d\n%s", code, exitLeaks, out)
		}
		checkoutBuild.ok = true
	})
	if !checkoutBuild.ok {
		t.Fatal("the warm build of the fresh checkout failed (see the first test that made it)")
	}
}

// copyCheckout copies the files of this working tree that git tracks or
// would track (untracked files not ignored), as they are on disk, to dst:
// what a fresh checkout of this tree holds.
func copyCheckout(dst string) error {
	out, err := exec.Command("git", "-C", repoRoot, "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return fmt.Errorf("git ls-files: %v", err)
	}
	for _, rel := range strings.Split(string(out), "\x00") {
		if rel == "" {
			continue
		}
		src := filepath.Join(repoRoot, rel)
		fi, err := os.Lstat(src)
		if os.IsNotExist(err) {
			continue // deleted in the working tree
		}
		if err != nil {
			return err
		}
		if !fi.Mode().IsRegular() {
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(to, data, fi.Mode().Perm()); err != nil {
			return err
		}
	}
	return nil
}

// offlineEnv is the environment of the snippets: no network for the go
// command, the given PATH prepended, and extra variables.
func offlineEnv(pathDirs []string, extra ...string) []string {
	env := append(os.Environ(), "GOPROXY=off", "GOSUMDB=off", "GOFLAGS=")
	if len(pathDirs) > 0 {
		env = append(env, "PATH="+strings.Join(pathDirs, string(os.PathListSeparator))+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	return append(env, extra...)
}

// runScript runs a shell script with bash -e in dir and returns its
// combined output and exit status.
func runScript(t *testing.T, dir string, env []string, script string) (string, int) {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-c", script)
	cmd.Dir, cmd.Env = dir, env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("bash: %v", err)
	}
	return out.String(), cmd.ProcessState.ExitCode()
}

// installFromReadme runs the README's install snippet on a fresh checkout
// and returns the checkout and the directory closewait was installed in.
func installFromReadme(t *testing.T) (checkout, bin string) {
	t.Helper()
	checkout = freshCheckout(t)
	bin = t.TempDir()
	script := strings.ReplaceAll(readmeSnippet(t, "install"), checkoutPlaceholder, checkout)
	if out, code := runScript(t, t.TempDir(), offlineEnv(nil, "GOBIN="+bin), script); code != 0 {
		t.Fatalf("the README's install snippet failed (exit %d):\n%s\n%s", code, script, out)
	}
	if out, err := exec.Command(filepath.Join(bin, "closewait"), "-version").CombinedOutput(); err != nil {
		t.Fatalf("the installed closewait -version: %v\n%s", err, out)
	}
	return checkout, bin
}

// TestReadmeSockstate runs the README's snippet that makes a user's
// module use sockstate from a checkout, then the module's test, which
// calls sockstate.VerifyNone: all offline.
func TestReadmeSockstate(t *testing.T) {
	t.Parallel()
	checkout := freshCheckout(t)
	user := t.TempDir()
	writeFiles(t, user, map[string]string{
		"go.mod": "module example.com/user\n\ngo 1.26\n",
		"user_test.go": `package user

import (
	"net"
	"testing"

	"github.com/closewait/closewait/sockstate"
)

func TestClosesConn(t *testing.T) {
	defer sockstate.VerifyNone(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
}
`,
	})
	script := strings.ReplaceAll(readmeSnippet(t, "sockstate"), checkoutPlaceholder, checkout)
	env := offlineEnv(nil)
	if out, code := runScript(t, user, env, script); code != 0 {
		t.Fatalf("the README's sockstate snippet failed (exit %d):\n%s\n%s", code, script, out)
	}
	if out, code := runScript(t, user, env, "go test -count=1 ./..."); code != 0 {
		t.Fatalf("go test with sockstate from the checkout: exit %d\n%s", code, out)
	}
}

// TestReadmeCI runs the README's CI recipes on a module that adopts
// closewait with findings (testdata/adopt), with closewait's checkout in
// closewait-src as the README places it: installed by the README's
// install snippet, the baseline written by its write-baseline snippet and
// committed, the CI recipe passes; it still passes after an unrelated
// edit that shifts lines and moves a function, and fails (exit 3) with
// exactly the new leak after one is added. The pull-request recipe
// (-new-from-rev against origin/main's merge base) does the same on a
// branch of a real git repository.
func TestReadmeCI(t *testing.T) {
	t.Parallel()
	warmCheckoutBuild(t)
	checkout, bin := installFromReadme(t)
	env := offlineEnv([]string{bin}, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
	newLeak := newLeakLine(t)

	for _, recipe := range []string{"ci", "ci-new-code"} {
		t.Run(recipe, func(t *testing.T) {
			t.Parallel()
			user := newAdoptModule(t)
			if err := os.Symlink(checkout, filepath.Join(user, "closewait-src")); err != nil {
				t.Fatal(err)
			}
			sh := func(script string) {
				t.Helper()
				if out, code := runScript(t, user, env, script); code != 0 {
					t.Fatalf("%s: exit %d\n%s", script, code, out)
				}
			}
			sh("git init -q && printf 'bin/\\nclosewait-src\\n' > .gitignore")
			if recipe == "ci" {
				sh(readmeSnippet(t, "write-baseline"))
			}
			sh("git add -A && git commit -q -m 'code with findings' && git update-ref refs/remotes/origin/main HEAD && git checkout -q -b feature")
			script := readmeSnippet(t, recipe)
			check := func(step string, wantLines []string) {
				t.Helper()
				out, code := runScript(t, user, env, script)
				wantCode := exitNoLeaks
				if len(wantLines) > 0 {
					wantCode = exitLeaks
				}
				if got := findingLines(out); code != wantCode || !slices.Equal(got, wantLines) {
					t.Errorf("%s: the README's %s recipe exits %d with findings %q; want %d and %q\n%s", step, recipe, code, got, wantCode, wantLines, out)
				}
			}
			check("unchanged", nil)
			shift := "shift" // lines shifted, a function moved to another file
			if recipe == "ci-new-code" {
				shift = "shiftonly" // to git, a function moved is new code
			}
			applyEdit(t, user, shift)
			sh("git add -A && git commit -q -m shift")
			check("after an unrelated edit", nil)
			applyEdit(t, user, "newleak")
			sh("git add -A && git commit -q -m 'new leak'")
			check("after a new leak", []string{newLeak})
		})
	}
}

// runLine matches a step's command in the README's workflow.
var runLine = regexp.MustCompile(`(?m)^\s*- run: (.*)$`)

// TestReadmeWorkflow runs the commands of the README's GitHub workflow,
// in order, where its checkouts leave the code (the module, and
// closewait in closewait-src): the SARIF step succeeds on a module with
// leaks, and its log validates, with a fingerprint per result.
func TestReadmeWorkflow(t *testing.T) {
	t.Parallel()
	warmCheckoutBuild(t)
	checkout := freshCheckout(t)
	user := newAdoptModule(t)
	if err := os.Symlink(checkout, filepath.Join(user, "closewait-src")); err != nil {
		t.Fatal(err)
	}
	steps := runLine.FindAllStringSubmatch(readmeSnippet(t, "workflow"), -1)
	if len(steps) != 2 {
		t.Fatalf("the README's workflow has %d run steps, want 2 (build, SARIF)", len(steps))
	}
	for _, step := range steps {
		if out, code := runScript(t, user, offlineEnv(nil), step[1]); code != 0 {
			t.Fatalf("workflow step %q: exit %d\n%s", step[1], code, out)
		}
	}
	data, err := os.ReadFile(filepath.Join(user, "closewait.sarif"))
	if err != nil {
		t.Fatal(err)
	}
	validateSARIF(t, string(data))
	log := parseSARIF(t, string(data))
	if n := len(log.Runs[0].Results); n != 4 {
		t.Errorf("closewait.sarif has %d results, want the module's 4", n)
	}
	for _, r := range log.Runs[0].Results {
		if !validFingerprint(r.PartialFingerprints[sarifFingerprintKey]) {
			t.Errorf("result %q has no fingerprint", r.Message.Text)
		}
	}
}

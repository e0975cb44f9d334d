package lint

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	leakmarks "github.com/closewait/closewait/internal/marks"
)

// closewaitBin is the closewait binary that TestMain builds once; the
// tests run it as a user or go vet would.
var closewaitBin string

// repoRoot is the module root, where the README's commands run.
var repoRoot = filepath.Join("..", "..", "..", "..")

// testTmp is TestMain's temporary directory, removed when the tests end:
// what several tests share (the binary, a fresh checkout) lives there.
var testTmp string

// userCacheDir is the user's cache directory as it was before TestMain
// pointed XDG_CACHE_HOME at testTmp: the real-leak corpus keeps its
// scratch modules there between runs, as run.sh does (they depend only on
// the module versions, never on closewait; its results stay in testTmp).
var userCacheDir string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "closewait-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	testTmp = dir
	closewaitBin = filepath.Join(dir, "closewait")
	build := exec.Command("go", "build", "-o", closewaitBin, "github.com/closewait/closewait/cmd/closewait")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building closewait: %v\n%s", err, out)
		return 1
	}
	// The standalone runs cache their results in the test's directory,
	// not the user's (and the go command keeps its own build cache).
	gocache, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		fmt.Fprintf(os.Stderr, "go env GOCACHE: %v\n", err)
		return 1
	}
	os.Setenv("GOCACHE", strings.TrimSpace(string(gocache)))
	if userCacheDir, err = os.UserCacheDir(); err != nil {
		userCacheDir = filepath.Join(dir, "user-cache")
	}
	os.Setenv("XDG_CACHE_HOME", filepath.Join(dir, "cache"))
	if repoRoot, err = filepath.Abs(repoRoot); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return m.Run()
}

// A runResult is the outcome of one run of a command.
type runResult struct {
	stdout, stderr string
	code           int // exit status
}

// runIn runs name with args in dir and returns its output and exit status.
// It fails the test if the command cannot be started or is killed.
func runIn(t *testing.T, dir, name string, args ...string) runResult {
	t.Helper()
	return runInEnv(t, dir, nil, name, args...)
}

// runInEnv is runIn with variables added to the environment: what a
// parallel test uses instead of t.Setenv.
func runInEnv(t *testing.T, dir string, env []string, name string, args ...string) runResult {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if env != nil {
		cmd.Env = append(os.Environ(), env...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit) && exit.Exited():
	default:
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.String())
	}
	return runResult{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// closewait runs the built binary in the module root.
func closewait(t *testing.T, args ...string) runResult {
	t.Helper()
	return runIn(t, repoRoot, closewaitBin, args...)
}

// A mark is a line that a testdata file marks "// LEAK(pass)" (see
// internal/marks): the pass must report a finding there, and nothing may
// be reported elsewhere.
type mark struct {
	file string // relative to the directory the command runs in
	line int
	pass string
}

func (m mark) String() string { return fmt.Sprintf("%s:%d (%s)", m.file, m.line, m.pass) }

// marks returns the LEAK marks of the Go files in dir (relative to base),
// sorted by file and line.
func marks(t *testing.T, base, dir string) []mark {
	t.Helper()
	var ms []mark
	for _, m := range leakmarks.Find(t, filepath.Join(base, dir)) {
		ms = append(ms, mark{filepath.ToSlash(filepath.Join(dir, m.File)), m.Line, m.Pass})
	}
	return ms
}

// A textFinding is one finding of closewait's (or go vet's) text output.
type textFinding struct {
	file    string
	line    int
	message string
}

// findingRx matches a finding line, "file:line:col: message"; go vet
// prints related positions the same way with a tab before the message.
var findingRx = regexp.MustCompile(`^(\S+\.go):(\d+):\d+: (\S.*)$`)

// parseText returns the findings of a text report, skipping related
// positions (indented, or with a tab-led message) and other lines.
func parseText(out string) []textFinding {
	var fs []textFinding
	for _, l := range strings.Split(out, "\n") {
		m := findingRx.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		var line int
		fmt.Sscan(m[2], &line)
		fs = append(fs, textFinding{filepath.ToSlash(m[1]), line, m[3]})
	}
	return fs
}

// at returns the findings at file:line.
func at(fs []textFinding, file string, line int) []textFinding {
	var out []textFinding
	for _, f := range fs {
		if f.file == file && f.line == line {
			out = append(out, f)
		}
	}
	return out
}

// checkLines fails the test unless the findings are exactly at the marks
// (one finding per mark) and at no other line.
func checkLines(t *testing.T, fs []textFinding, ms []mark) {
	t.Helper()
	want := make(map[string]int)
	for _, m := range ms {
		want[fmt.Sprintf("%s:%d", m.file, m.line)]++
	}
	got := make(map[string]int)
	for _, f := range fs {
		got[fmt.Sprintf("%s:%d", f.file, f.line)]++
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s: got %d findings, want %d", k, got[k], n)
		}
	}
	for k, n := range got {
		if want[k] == 0 {
			t.Errorf("%s: %d unexpected findings (correct code reported)", k, n)
		}
	}
}

// TestVersion runs closewait -version: one line naming the module
// version (or "(devel)"), the VCS revision when the build recorded one,
// and the Go version, with exit status 0 and no packages needed.
func TestVersion(t *testing.T) {
	r := closewait(t, "-version")
	line := strings.TrimSpace(r.stdout)
	if r.code != 0 || strings.Count(line, "\n") != 0 || !strings.HasPrefix(line, "closewait ") ||
		!strings.HasSuffix(line, " "+runtime.Version()) {
		t.Errorf("-version: exit %d, stdout %q, stderr %q; want one line \"closewait VERSION [(vcs REV)] %s\"", r.code, r.stdout, r.stderr, runtime.Version())
	}
	var stdout, stderr bytes.Buffer
	if code := runCheck([]string{"-version"}, &stdout, &stderr); code != 0 || stdout.String() != versionLine()+"\n" {
		t.Errorf("runCheck -version: exit %d, %q", code, stdout.String())
	}
}

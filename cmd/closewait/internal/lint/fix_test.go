package lint

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// TestFix checks that -fix rewrites the files exactly as the suggested
// fixes of the -json output describe (whatever fixes the passes offer),
// and that -diff leaves the files alone.
func TestFix(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)
	leaky := filepath.Join(dir, "leaky", "leaky.go")
	orig, err := os.ReadFile(leaky)
	if err != nil {
		t.Fatal(err)
	}

	r := runIn(t, dir, closewaitBin, "-json", "./leaky")
	want := applyJSONFixes(t, r.stdout, leaky, orig)

	// leaky.go has two findings, both with a fix (a defer for the body
	// closed nowhere, a Close before the io.EOF return for the conn
	// closed on its other returns): after the fixes no leak remains
	// (exit 0), and -fix says so.
	const applied = "closewait: applied 2 of 2 suggested fixes (1 file)\n"
	var diff string
	for _, args := range [][]string{{"-fix", "-diff"}, {"-diff"}, {"-format=text", "-diff"}} {
		r := runIn(t, dir, closewaitBin, append(args, "./leaky")...)
		// -diff changes nothing: the leaks are still there (exit 3).
		if r.code != exitLeaks || r.stderr != "closewait: the diff applies 2 of 2 suggested fixes (1 file)\n" {
			t.Errorf("%v: exit status %d, want 3 and the count of fixes only\n%s", args, r.code, r.stderr)
		}
		if got, _ := os.ReadFile(leaky); string(got) != string(orig) {
			t.Errorf("%v changed %s", args, leaky)
		}
		diff = r.stdout
	}
	// The diff, applied by patch, makes the same change as -fix.
	patched := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), patched)
	patch := exec.Command("patch", "-p0")
	patch.Dir, patch.Stdin = patched, strings.NewReader(diff)
	if out, err := patch.CombinedOutput(); err != nil {
		t.Errorf("patch -p0 < diff: %v\n%s\ndiff:\n%s", err, out, diff)
	} else if got, _ := os.ReadFile(filepath.Join(patched, "leaky", "leaky.go")); string(got) != want {
		t.Errorf("the -diff output, applied, gives\n%s\nwant\n%s", got, want)
	}

	if r := runIn(t, dir, closewaitBin, "-fix", "./leaky"); r.code != exitNoLeaks || r.stderr != applied {
		t.Errorf("-fix: exit status %d, want 0 and %q\n%s", r.code, applied, r.stderr)
	}
	got, err := os.ReadFile(leaky)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("after -fix, %s is\n%s\nwant (the -json suggested fixes applied)\n%s", leaky, got, want)
	}
}

// applyJSONFixes applies to src, the contents of file, every edit of
// every suggested fix in -json output that targets file.
func applyJSONFixes(t *testing.T, out, file string, src []byte) string {
	t.Helper()
	var rep map[string]map[string][]struct {
		Fixes []struct {
			Edits []struct {
				Filename   string `json:"filename"`
				Start, End int
				New        string `json:"new"`
			} `json:"edits"`
		} `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	type edit struct {
		start, end int
		text       string
	}
	seen := make(map[edit]bool)
	var edits []edit
	for _, passes := range rep {
		for _, diags := range passes {
			for _, d := range diags {
				for _, f := range d.Fixes {
					for _, e := range f.Edits {
						k := edit{e.Start, e.End, e.New}
						if e.Filename == file && !seen[k] {
							seen[k] = true
							edits = append(edits, k)
						}
					}
				}
			}
		}
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].start > edits[j].start })
	s := string(src)
	for _, e := range edits {
		s = s[:e.start] + e.text + s[e.end:]
	}
	return s
}

// TestFixReadOnly runs -fix on a module whose files cannot be written (a
// read-only bind mount, which binds root too): no fix is applied, -fix says
// so, names the file and the error, lists the findings that remain and
// fails.
func TestFixReadOnly(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)
	if out, err := exec.Command("unshare", "-m", "true").CombinedOutput(); err != nil {
		t.Skipf("cannot create a mount namespace here: %v: %s", err, out)
	}
	leakyDir := filepath.Join(dir, "leaky")
	r := runIn(t, dir, "unshare", "-m", "sh", "-c",
		`mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" -fix ./leaky`, "sh", leakyDir, closewaitBin)
	for _, want := range []string{
		"closewait: cannot write leaky/leaky.go: open ",
		"read-only file system (2 fixes not applied)",
		"closewait: applied 0 of 2 suggested fixes (0 files)",
		"closewait: 2 findings remain",
		"leaky/leaky.go:12:15: net.Conn conn from net.Dial",
		"leaky/leaky.go:35:15: response body resp.Body",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("-fix on a read-only file: stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.code != exitFailure {
		t.Errorf("-fix on a read-only file: exit status %d, want %d", r.code, exitFailure)
	}
}

// fixedShapes are the tests of testdata/fixmod whose function leaks on an
// early return that -fix closes: each fails before -fix and passes after.
var fixedShapes = []string{
	"early.TestReadReply", "early.TestGreeted", "early.TestStatus", "early.TestVerdict",
	"early.TestWaitReady", "early.TestPing", "early.TestFetchJSON", "early.TestFetchRecord",
	"early.TestRedirected", "early.TestServeGreeting", "early.TestAnnounce", "early.TestHandleOne",
}

// TestFixModule runs -fix on a copy of a real module, testdata/fixmod,
// then builds it and runs its tests, as a user would. Package early holds
// twelve shapes of leaking early returns of resources closed on some
// other path (conns, bodies, a listener, a datagram socket; a read error,
// a status check, a switch or select case, two returns, the end of the
// function): -fix adds a Close before each, and the test of each, which
// fails while the leak is there, passes. Its twins that must not be fixed
// (a deferred flush, an error naming the peer) keep their findings and
// behave the same. Package wrappers returns gzip/zlib/flate/base64
// readers of bodies and structs of bufio readers of conns: no fix (a
// Close would break every read of the caller, issue 27), findings that
// say the caller cannot close the resource through them, and none for
// the wrappers that can close it. Package drain closes bodies unread in
// a loop against a server that streams without end: the drain the fix
// inserts is bounded, so the loop still returns.
func TestFixModule(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	src := filepath.Join(repoRoot, "testdata", "fixmod")
	dir := t.TempDir()
	copyDir(t, src, dir)

	before := goTests(t, dir)
	if len(before) < len(fixedShapes) {
		t.Fatalf("go test before -fix ran %d tests: %v", len(before), before)
	}
	for name, res := range before {
		want := "pass"
		if slices.Contains(fixedShapes, name) {
			want = "fail" // its leak shows
		}
		if res != want {
			t.Errorf("before -fix, %s: %s, want %s", name, res, want)
		}
	}

	r := runIn(t, dir, closewaitBin, "-fix", "./...")
	const applied = "closewait: applied 13 of 13 suggested fixes (2 files)\nclosewait: 8 findings remain"
	if r.code != exitLeaks || !strings.HasPrefix(r.stderr, applied) {
		t.Errorf("-fix: exit status %d, want 3, 13 fixes applied and 8 findings left\n%s", r.code, r.stderr)
	}
	for _, want := range []string{
		"wrappers/wrappers.go:21:15: response body resp.Body from http.Get is not closed on the return at line 25: it gives the caller only a *gzip.Reader built on it, whose Close leaves resp.Body open, so the caller cannot close resp.Body; return an io.ReadCloser whose Close also closes resp.Body",
		"wrappers/wrappers.go:68:15: response body resp.Body from http.Get is not closed on the return at line 72: it gives the caller only a *Lines built on it, which has no Close, so the caller cannot close resp.Body",
		"wrappers/wrappers.go:83:12: net.Conn c from net.Dial is not closed on the return at line 87: it gives the caller only a *RW built on it, which has no Close, so the caller cannot close c",
		"early/early.go:255:12: net.Conn c from net.Dial is not closed on the error return at line 263",
		"early/early.go:271:12: net.Conn c from net.Dial is not closed on the error return at line 281",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("-fix: the findings left lack %q:\n%s", want, r.stderr)
		}
	}
	for _, f := range []struct{ file, want string }{
		{"early/early.go", readFile(t, filepath.Join(src, "early", "early.go.golden"))},
		{"wrappers/wrappers.go", readFile(t, filepath.Join(src, "wrappers", "wrappers.go"))},
		{"drain/drain.go", strings.Replace(readFile(t, filepath.Join(src, "drain", "drain.go")),
			"\t\tresp.Body.Close()", "\t\tio.CopyN(io.Discard, resp.Body, 256<<10)\n\t\tresp.Body.Close()", 1)},
	} {
		if got := readFile(t, filepath.Join(dir, f.file)); got != f.want {
			t.Errorf("after -fix, %s is\n%s\nwant\n%s", f.file, got, f.want)
		}
	}

	goCmd(t, dir, "vet", "./...") // the fixed module and its tests compile
	after := goTests(t, dir)
	for name, res := range after {
		if res != "pass" {
			t.Errorf("after -fix, %s: %s, want pass", name, res)
		}
	}
	if len(after) != len(before) {
		t.Errorf("after -fix, %d tests ran, before %d", len(after), len(before))
	}
}

// goTests runs the tests of the module in dir and returns each test's
// result ("pass", "fail", "skip"), keyed "package.Test" by the package's
// last element.
func goTests(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := goCmd(t, dir, "test", "-json", "-count=1", "-timeout=120s", "./...")
	res := make(map[string]string)
	for _, line := range strings.Split(out, "\n") {
		var ev struct{ Action, Package, Test string }
		if json.Unmarshal([]byte(line), &ev) != nil || ev.Test == "" || strings.Contains(ev.Test, "/") {
			continue
		}
		switch ev.Action {
		case "pass", "fail", "skip":
			res[path.Base(ev.Package)+"."+ev.Test] = ev.Action
		}
	}
	return res
}

// goCmd runs the go command in dir, outside any workspace and with the
// default flags, and returns its output; it fails the test if go fails,
// except for go test, whose failures the caller reads from the output.
func goCmd(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off")
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && (args[0] != "test" || !errors.As(err, &exit)) {
		t.Fatalf("go %s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String()
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

package lint

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestFix checks that -fix rewrites the files exactly as the suggested
// fixes of the -json output describe (whatever fixes the passes offer),
// and that -diff leaves the files alone.
func TestFix(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "testdata", "vetmod"), dir)
	leaky := filepath.Join(dir, "leaky", "leaky.go")
	orig, err := os.ReadFile(leaky)
	if err != nil {
		t.Fatal(err)
	}

	r := runIn(t, dir, closewaitBin, "-json", "./leaky")
	want := applyJSONFixes(t, r.stdout, leaky, orig)

	// leaky.go has two findings, one with a fix: after the fix, one
	// leak remains (exit 3), and -fix says so.
	const remains = "closewait: applied 1 of 1 suggested fixes (1 file)\nclosewait: 1 finding remains"
	var diff string
	for _, args := range [][]string{{"-fix", "-diff"}, {"-diff"}, {"-format=text", "-diff"}} {
		r := runIn(t, dir, closewaitBin, append(args, "./leaky")...)
		if r.code != exitLeaks || !strings.Contains(r.stderr, "the diff applies 1 of 1 suggested fixes (1 file)\nclosewait: 1 finding remains") {
			t.Errorf("%v: exit status %d, want 3 and the finding that remains\n%s", args, r.code, r.stderr)
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

	if r := runIn(t, dir, closewaitBin, "-fix", "./leaky"); r.code != exitLeaks || !strings.Contains(r.stderr, remains) {
		t.Errorf("-fix: exit status %d, want 3 and %q\n%s", r.code, remains, r.stderr)
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
		"read-only file system (1 fix not applied)",
		"closewait: applied 0 of 1 suggested fixes (0 files)",
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

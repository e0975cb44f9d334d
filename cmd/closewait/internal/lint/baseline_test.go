package lint

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// adoptDir is the module of a code base that adopts closewait with
// findings: base/ is the module, shift/ an unrelated edit of it (lines
// inserted above the findings, a function moved to another file of the
// package), shiftonly/ the inserted lines alone, newleak/ an edit that
// adds a leak (marked "NEW LEAK").
var adoptDir = filepath.Join("testdata", "adopt")

// newAdoptModule copies testdata/adopt/base into a new directory.
func newAdoptModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, adoptDir, "base"), dir)
	return dir
}

// applyEdit copies the files of testdata/adopt/NAME over the module dir.
func applyEdit(t *testing.T, dir, name string) {
	t.Helper()
	copyDir(t, filepath.Join(repoRoot, adoptDir, name), dir)
}

// newLeakLine returns "client.go:N", the line that newleak/ marks.
func newLeakLine(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, adoptDir, "newleak", "client.go"))
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, "// NEW LEAK") {
			return "client.go:" + strconv.Itoa(i+1)
		}
	}
	t.Fatal("no NEW LEAK mark in newleak/client.go")
	return ""
}

// findingLines returns "file:line" of each finding of a text report.
func findingLines(out string) []string {
	var lines []string
	for _, f := range parseText(out) {
		lines = append(lines, f.file+":"+strconv.Itoa(f.line))
	}
	slices.Sort(lines)
	return lines
}

// TestBaseline adopts closewait on a module with four findings: the
// baseline written with -write-baseline records them, a run with
// -baseline then reports nothing and exits 0, and still does after an
// edit that shifts their lines and moves one function to another file;
// a new leak then fails the run (exit 3) with exactly that finding.
func TestBaseline(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := newAdoptModule(t)
	existing := marks(t, dir, ".")
	if len(existing) != 4 {
		t.Fatalf("%d marks in testdata/adopt/base, want 4", len(existing))
	}
	r := runIn(t, dir, closewaitBin, "./...")
	if r.code != exitLeaks || len(parseText(r.stderr)) != 4 {
		t.Fatalf("without a baseline: exit %d, want 3 with 4 findings:\n%s", r.code, r.stderr)
	}

	r = runIn(t, dir, closewaitBin, "-write-baseline=closewait-baseline.json", "./...")
	if r.code != exitNoLeaks || !strings.Contains(r.stderr, "wrote 4 findings to the baseline closewait-baseline.json") {
		t.Fatalf("-write-baseline: exit %d, want 0 and the count:\n%s", r.code, r.stderr)
	}
	var f baselineFile
	data, err := os.ReadFile(filepath.Join(dir, "closewait-baseline.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &f); err != nil || len(f.Findings) != 4 {
		t.Fatalf("baseline file: %v, %d findings, want 4:\n%s", err, len(f.Findings), data)
	}
	// The two identical acquisitions of twice have one key and two ordinals.
	var twice []string
	for _, e := range f.Findings {
		if e.Function == "example.com/adopt.twice" {
			twice = append(twice, e.Fingerprint)
		}
	}
	if len(twice) != 2 || twice[0][:33] != twice[1][:33] || !strings.HasSuffix(twice[0], ":1") || !strings.HasSuffix(twice[1], ":2") {
		t.Errorf("the two findings of twice have fingerprints %q, want one hash with ordinals 1 and 2", twice)
	}

	check := func(step string, wantLines []string) {
		t.Helper()
		r := runIn(t, dir, closewaitBin, "-baseline=closewait-baseline.json", "./...")
		wantCode := exitNoLeaks
		if len(wantLines) > 0 {
			wantCode = exitLeaks
		}
		if got := findingLines(r.stderr); r.code != wantCode || !slices.Equal(got, wantLines) {
			t.Errorf("%s, with the baseline: exit %d, findings %q; want exit %d, findings %q\n%s", step, r.code, got, wantCode, wantLines, r.stderr)
		}
		if !strings.Contains(r.stderr, "4 known findings not reported (in the baseline closewait-baseline.json)") {
			t.Errorf("%s: stderr does not count the findings in the baseline:\n%s", step, r.stderr)
		}
	}
	check("unchanged", nil)
	applyEdit(t, dir, "shift")
	check("after lines shifted and a function moved", nil)
	applyEdit(t, dir, "newleak")
	check("after a new leak", []string{newLeakLine(t)})

	// JSON and SARIF leave out the same findings.
	r = runIn(t, dir, closewaitBin, "-baseline=closewait-baseline.json", "-json", "./...")
	if got := jsonFindings(t, r.stdout); r.code != exitLeaks || len(got) != 1 || !strings.HasSuffix(got[0], "/"+newLeakLine(t)) {
		t.Errorf("-json with the baseline: exit %d, want 3 and the new leak only:\n%s", r.code, r.stdout)
	}
	r = runIn(t, dir, closewaitBin, "-baseline=closewait-baseline.json", "-format=sarif", "./...")
	if log := parseSARIF(t, r.stdout); r.code != exitLeaks || len(log.Runs[0].Results) != 1 {
		t.Errorf("SARIF with the baseline: exit %d, want 3 and one result:\n%s", r.code, r.stdout)
	}
}

// TestBaselineErrors checks the errors of the baseline flags: a missing
// or malformed baseline file (exit 1, naming it), -write-baseline with a
// flag it cannot be combined with (exit 2), and a -write-baseline run
// with a package that does not type-check, which leaves the old file as
// it was (exit 1).
func TestBaselineErrors(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := newAdoptModule(t)
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("bad.json", `{"closewait_baseline": 1, "findings": [{"fingerprint": "x"}]}`)
	write("other.json", `{"version": 2}`)
	write("notjson.json", `fingerprints`)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-baseline=missing.json"}, exitFailure, "-baseline: open "},
		{[]string{"-baseline=bad.json"}, exitFailure, `finding 1 has no valid fingerprint ("x")`},
		{[]string{"-baseline=other.json"}, exitFailure, "is not a closewait baseline of version 1"},
		{[]string{"-baseline=notjson.json"}, exitFailure, "is not a closewait baseline"},
		{[]string{"-write-baseline=b.json", "-baseline=bad.json"}, exitBadUsage, "cannot be combined with -baseline"},
		{[]string{"-write-baseline=b.json", "-new-from-rev=HEAD"}, exitBadUsage, "cannot be combined with -new-from-rev"},
		{[]string{"-write-baseline=b.json", "-json"}, exitBadUsage, "cannot be combined with -format=json"},
		{[]string{"-write-baseline=b.json", "-diff"}, exitBadUsage, "cannot be combined with -fix and -diff"},
	} {
		r := runIn(t, dir, closewaitBin, append(tc.args, "./...")...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}

	write("b.json", "old contents\n")
	write("broken.go", "package adopt\n\nfunc broken() int { return undefinedName }\n")
	r := runIn(t, dir, closewaitBin, "-write-baseline=b.json", "./...")
	if r.code != exitFailure || !strings.Contains(r.stderr, "baseline b.json not written: not every package could be analyzed") {
		t.Errorf("-write-baseline with a type error: exit %d, want 1 and why it was not written:\n%s", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "b.json")); string(data) != "old contents\n" {
		t.Errorf("-write-baseline with a type error changed the file: %q", data)
	}
	if m, _ := filepath.Glob(filepath.Join(dir, ".b.json.tmp-*")); len(m) > 0 {
		t.Errorf("temporary files left: %q", m)
	}
}

// TestNewFromRev runs -new-from-rev in a real git repository holding the
// adopt module with its findings committed: nothing is new at HEAD, nor
// after an edit that shifts lines and moves a function to a new,
// untracked file; a new leak in a tracked file is reported alone. An
// unknown revision, a directory outside any repository and a repository
// without commits are errors (exit 1) that say so.
func TestNewFromRev(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatalf("git: %v", err)
	}
	dir := newAdoptModule(t)
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.invalid", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.invalid")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q")
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "code with findings")

	check := func(step string, wantLines []string, hidden string) {
		t.Helper()
		r := runIn(t, dir, closewaitBin, "-new-from-rev=HEAD", "./...")
		wantCode := exitNoLeaks
		if len(wantLines) > 0 {
			wantCode = exitLeaks
		}
		if got := findingLines(r.stderr); r.code != wantCode || !slices.Equal(got, wantLines) {
			t.Errorf("%s: exit %d, findings %q; want exit %d, findings %q\n%s", step, r.code, got, wantCode, wantLines, r.stderr)
		}
		if !strings.Contains(r.stderr, hidden+" not reported (not on lines changed since HEAD)") {
			t.Errorf("%s: stderr does not say %q:\n%s", step, hidden, r.stderr)
		}
	}
	check("at HEAD", nil, "4 findings")
	applyEdit(t, dir, "shift") // moved.go is untracked: new as a whole
	r := runIn(t, dir, closewaitBin, "-new-from-rev=HEAD", "./...")
	if got := findingLines(r.stderr); r.code != exitLeaks || !slices.Equal(got, []string{"moved.go:13", "moved.go:9"}) {
		t.Errorf("moved to an untracked file: exit %d, findings %q; want the two in moved.go\n%s", r.code, got, r.stderr)
	}
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "shift")
	gitIn("mv", "moved.go", "twice.go") // a move within the package, staged
	check("after a staged rename", nil, "4 findings")
	applyEdit(t, dir, "newleak")
	check("after a new leak", []string{newLeakLine(t)}, "4 findings")
	gitIn("add", "-A")
	gitIn("commit", "-q", "-m", "new leak")
	check("new leak committed", nil, "5 findings")
	r = runIn(t, dir, closewaitBin, "-new-from-rev=HEAD~1", "./...")
	if got := findingLines(r.stderr); r.code != exitLeaks || !slices.Equal(got, []string{newLeakLine(t)}) {
		t.Errorf("-new-from-rev=HEAD~1: exit %d, findings %q; want the new leak\n%s", r.code, got, r.stderr)
	}

	r = runIn(t, dir, closewaitBin, "-new-from-rev=no-such-rev", "./...")
	if r.code != exitFailure || !strings.Contains(r.stderr, `-new-from-rev: unknown revision "no-such-rev"`) {
		t.Errorf("unknown revision: exit %d, want 1 and the error:\n%s", r.code, r.stderr)
	}
	outside := newAdoptModule(t)
	r = runIn(t, outside, closewaitBin, "-new-from-rev=HEAD", "./...")
	if r.code != exitFailure || !strings.Contains(r.stderr, "is not in a git working tree") {
		t.Errorf("outside a repository: exit %d, want 1 and the error:\n%s", r.code, r.stderr)
	}
	dir = outside
	gitIn("init", "-q")
	r = runIn(t, outside, closewaitBin, "-new-from-rev=HEAD", "./...")
	if r.code != exitFailure || !strings.Contains(r.stderr, `unknown revision "HEAD"`) || !strings.Contains(r.stderr, "which has no commit yet") {
		t.Errorf("in a repository without commits: exit %d, want 1 and the error:\n%s", r.code, r.stderr)
	}
}

// TestSARIFFingerprints checks that each SARIF result carries its
// fingerprint in partialFingerprints, and that the fingerprints stay the
// same across an edit that shifts every finding's line and moves one
// function to another file, while the lines they point to change.
func TestSARIFFingerprints(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := newAdoptModule(t)
	fingerprints := func() (fps, lines []string) {
		t.Helper()
		r := runIn(t, dir, closewaitBin, "-format=sarif", "./...")
		validateSARIF(t, r.stdout)
		log := parseSARIF(t, r.stdout)
		for _, res := range log.Runs[0].Results {
			fp := res.PartialFingerprints[sarifFingerprintKey]
			if !validFingerprint(fp) {
				t.Errorf("result %q has partialFingerprints %v", res.Message.Text, res.PartialFingerprints)
			}
			fps = append(fps, fp)
			loc := res.Locations[0].PhysicalLocation
			lines = append(lines, loc.ArtifactLocation.URI+":"+strconv.Itoa(loc.Region.StartLine))
		}
		slices.Sort(fps)
		slices.Sort(lines)
		return fps, lines
	}
	before, beforeLines := fingerprints()
	applyEdit(t, dir, "shift")
	after, afterLines := fingerprints()
	if len(before) != 4 || !slices.Equal(before, after) {
		t.Errorf("fingerprints before the shift %q, after %q: want the same 4", before, after)
	}
	if slices.Equal(beforeLines, afterLines) {
		t.Errorf("the shift did not move the findings (%q): the test tests nothing", afterLines)
	}
	if len(slices.Compact(slices.Clone(after))) != 4 {
		t.Errorf("fingerprints are not distinct: %q", after)
	}
}

// jsonFindings returns the position, "file:line", of each finding of a
// -json report.
func jsonFindings(t *testing.T, out string) []string {
	t.Helper()
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &tree); err != nil {
		t.Fatalf("-json output: %v\n%s", err, out)
	}
	var posns []string
	for _, byPass := range tree {
		for _, raw := range byPass {
			var diags []struct{ Posn string }
			if json.Unmarshal(raw, &diags) != nil {
				continue
			}
			for _, d := range diags {
				posns = append(posns, d.Posn[:strings.LastIndexByte(d.Posn, ':')])
			}
		}
	}
	slices.Sort(posns)
	return posns
}

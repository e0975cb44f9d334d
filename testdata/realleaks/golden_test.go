package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func out(id, kind, before, after string) *outcome {
	return &outcome{c: &Case{ID: id, Kind: kind}, before: before, after: after}
}

func TestCompare(t *testing.T) {
	g := map[string]verdict{
		"a": {exact, clean}, "b": {inFunc, clean}, "c": {missed, flagged}, "d": {exact, clean},
		"e": {inFunc, flagged}, "f": {exact, clean}, "g": {failed, clean},
	}
	errored := out("h", "conn", failed, clean)
	errored.reasons = []string{"m@v1: go mod tidy failed"}
	regs, imps, changes := compare(g, []*outcome{
		out("a", "conn", exact, clean),    // the same
		out("b", "conn", missed, flagged), // two regressions
		out("c", "body", exact, clean),    // two improvements
		out("d", "conn", inFunc, clean),   // a change
		out("e", "conn", exact, flagged),  // an improvement
		out("f", "conn", exact, failed),   // an error
		out("g", "conn", missed, clean),   // was an error
		errored,
		out("new", "listener", missed, clean),
	})
	want := func(name string, got []string, want ...string) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", name, got, want)
		}
	}
	want("regressions", regs, "b: before: func -> missed", "b: after: clean -> flagged",
		"f: error: ", "h: error: m@v1: go mod tidy failed")
	want("improvements", imps, "c: before: missed -> exact", "c: after: flagged -> clean", "e: before: func -> exact")
	want("changes", changes, "d: before: exact -> func", "g: before: error -> missed", "new: new case: before missed, after clean")
}

func TestGoldenRoundTrip(t *testing.T) {
	name := filepath.Join(t.TempDir(), "results.golden")
	g, err := readGolden(name)
	if err != nil || len(g) != 0 {
		t.Fatalf("missing file: %v, %v", g, err)
	}
	g = map[string]verdict{"gone": {exact, clean}, "kept": {missed, clean}, "b": {missed, clean}}
	ids := map[string]bool{"kept": true, "b": true, "a": true}
	if err := updateGolden(name, g, []*outcome{out("b", "conn", exact, clean), out("a", "body", inFunc, flagged)}, ids); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(name)
	if want := goldenHeader + "a\tfunc\tflagged\nb\texact\tclean\nkept\tmissed\tclean\n"; string(data) != want {
		t.Errorf("results.golden:\n%s\nwant:\n%s", data, want)
	}
	g, err = readGolden(name)
	if err != nil || len(g) != 3 || g["a"] != (verdict{inFunc, flagged}) {
		t.Errorf("read back: %v, %v", g, err)
	}
	if _, err := parseGolden("r", strings.NewReader("a\texact\n")); err == nil || err.Error() != "r:1: 2 columns, want 3 (id before after)" {
		t.Errorf("a short line: %v", err)
	}
}

func TestSummary(t *testing.T) {
	outs := []*outcome{
		out("c1", "conn", exact, clean), out("c2", "conn", inFunc, flagged),
		out("c3", "conn", missed, clean), out("c4", "conn", failed, failed),
		out("l1", "listener", exact, clean),
	}
	var b strings.Builder
	printSummary(&b, tallies(outs), false)
	want := `kind      cases  errors  flagged before  exact line  recall  clean after
conn          4       1               2           1     67%          67%
listener      1       0               1           1    100%         100%
total         5       1               3           2     75%          75%
`
	if b.String() != want {
		t.Errorf("summary:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	printSummary(&b, tallies(outs[4:]), true)
	want = `| kind | cases | errors | flagged before | exact line | recall | clean after |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| listener | 1 | 0 | 1 | 1 | 100% | 100% |
| total | 1 | 0 | 1 | 1 | 100% | 100% |
`
	if b.String() != want {
		t.Errorf("Markdown summary:\n%s\nwant:\n%s", b.String(), want)
	}
	b.Reset()
	printOutcomes(&b, outs[:2])
	want = `id  kind  path  before  after
c1  conn        exact   clean
c2  conn        func    flagged
`
	if b.String() != want {
		t.Errorf("outcomes:\n%s\nwant:\n%s", b.String(), want)
	}
}

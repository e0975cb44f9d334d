package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFindings(t *testing.T) {
	in := `{"p": {"connleak": [{"posn": "/m/a.go:12:3", "message": "x"}], "bodyleak": {"error": "boom"}}}`
	r := parseFindings(strings.NewReader(in))
	if r.err != nil || len(r.findings) != 1 || r.findings[0] != (finding{"p", "connleak", "/m/a.go", 12}) {
		t.Fatalf("got %+v", r)
	}
	if r.errFor("p") == nil || r.errFor("q") != nil {
		t.Errorf("errFor: %v, %v", r.errFor("p"), r.errFor("q"))
	}
	if r := parseFindings(strings.NewReader("")); r.err != nil || len(r.findings) != 0 {
		t.Errorf("empty: %+v", r)
	}
	if r := parseFindings(strings.NewReader(`{"p": {"connleak": [{"posn": "nowhere"}]}}`)); r.err == nil {
		t.Errorf("bad position: no error")
	}
}

func TestJudge(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a.go")
	src := "package p\n\nfunc (s *S) f() {\n\t_ = 1\n\t_ = 2\n}\n\nfunc g() {}\n"
	if err := os.WriteFile(file, []byte(src), 0o666); err != nil {
		t.Fatal(err)
	}
	sp, err := findFunc(file, "(*S).f")
	if err != nil || sp != (span{3, 6}) {
		t.Fatalf("findFunc: %v, %v", sp, err)
	}
	if _, err := findFunc(file, "(S).f"); err == nil {
		t.Errorf("(S).f found a pointer method")
	}
	fs := []finding{{"p", "connleak", file, 4}, {"p", "bodyleak", file, 5}, {"p", "connleak", file, 8}}
	for _, c := range []struct {
		pass      string
		acq       int
		want, ctl string
	}{
		{"connleak", 4, exact, flagged},
		{"connleak", 5, inFunc, flagged},
		{"listenerleak", 4, missed, clean},
		{"bodyleak", 4, inFunc, flagged},
	} {
		if got := judgeMutant(fs, c.pass, file, sp, c.acq); got != c.want {
			t.Errorf("judgeMutant(%s, %d) = %s, want %s", c.pass, c.acq, got, c.want)
		}
		if got := judgeControl(fs, c.pass, file, sp); got != c.ctl {
			t.Errorf("judgeControl(%s) = %s, want %s", c.pass, got, c.ctl)
		}
	}
	if got := judgeMutant(fs, "connleak", filepath.Join(dir, "b.go"), sp, 4); got != missed {
		t.Errorf("other file: %s", got)
	}
}

func TestCompare(t *testing.T) {
	m := func(id string) *Mutant { return &Mutant{ID: id} }
	g := map[string]verdict{
		"a": {exact, clean}, "b": {missed, clean}, "c": {inFunc, flagged}, "d": {exact, clean}, "e": {exact, clean},
	}
	outs := []*outcome{
		{m: m("a"), mutant: missed, control: clean},  // regression
		{m: m("b"), mutant: exact, control: clean},   // improvement
		{m: m("c"), mutant: exact, control: clean},   // two improvements
		{m: m("d"), mutant: exact, control: flagged}, // regression
		{m: m("e"), mutant: failed, control: failed}, // regression
		{m: m("f"), mutant: missed, control: clean},  // new
	}
	regs, imps, changes := compare(g, outs)
	if len(regs) != 3 || len(imps) != 3 || len(changes) != 1 {
		t.Errorf("got regressions %q, improvements %q, changes %q", regs, imps, changes)
	}
}

func TestBatches(t *testing.T) {
	g := callGraph{
		"open":   {"dial": true},
		"dial":   {"Dial": true},
		"serve":  {"handle": true},
		"handle": {},
		"other":  {},
	}
	mk := func(id, fn string) *Mutant { return &Mutant{ID: id, Package: "p", File: "a.go", Func: fn} }
	ms := []*Mutant{mk("1", "open"), mk("2", "(*T).dial"), mk("3", "serve"), mk("4", "(*T).dial"), mk("5", "other")}
	bs := batches(ms, g)
	ids := func(b []*Mutant) string {
		var s []string
		for _, m := range b {
			s = append(s, m.ID)
		}
		return strings.Join(s, ",")
	}
	var got []string
	for _, b := range bs {
		got = append(got, ids(b))
	}
	// 1 calls 2 (open -> dial); 2 and 4 are one function.
	if want := "1,3,5 2 4"; strings.Join(got, " ") != want {
		t.Errorf("batches = %q, want %q", strings.Join(got, " "), want)
	}
}

package main

import (
	"strings"
	"testing"
)

// line is a valid mutant line; tests change one column at a time.
var line = []string{
	"conn-yamux-1", "conn", "table", "errbranch", "github.com/hashicorp/yamux", "v0.1.2",
	"github.com/hashicorp/yamux", "session.go", "(*Session).open", "10", "14",
	"conn.Close()", "", "net.Dial", "the return at line 15 leaves conn open",
}

func withColumn(i int, v string) string {
	cols := append([]string(nil), line...)
	cols[i] = v
	return strings.Join(cols, "\t")
}

func TestParseMutants(t *testing.T) {
	ms, err := parseMutants("m.tsv", strings.NewReader("# header\n\n"+strings.Join(line, "\t")+"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0].Acq != 10 || ms[0].Removed != 14 || ms[0].Pos != "m.tsv:3" || ms[0].key() != "github.com/hashicorp/yamux@v0.1.2" {
		t.Fatalf("got %+v", ms[0])
	}
	bad := map[string]string{
		"columns":      strings.Join(line[:14], "\t"),
		"id":           withColumn(0, "Conn yamux"),
		"kind":         withColumn(1, "file"),
		"id kind":      withColumn(1, "body"),
		"source":       withColumn(2, "magic"),
		"class":        withColumn(3, "loop"),
		"package":      withColumn(6, "github.com/other/pkg"),
		"test file":    withColumn(7, "session_test.go"),
		"func":         withColumn(8, "(*Session.open"),
		"acq":          withColumn(9, "x"),
		"order":        withColumn(10, "9"),
		"stmt":         withColumn(11, "conn.Write(nil)"),
		"defer class":  withColumn(11, "defer conn.Close()"),
		"stub":         withColumn(12, "conn = nil"),
		"empty why":    withColumn(14, ""),
		"empty callee": withColumn(13, ""),
	}
	for name, l := range bad {
		if _, err := parseMutants("m.tsv", strings.NewReader(l+"\n")); err == nil || !strings.HasPrefix(err.Error(), "m.tsv:1: ") {
			t.Errorf("%s: got error %v, want one at m.tsv:1", name, err)
		}
	}
	two := strings.Join(line, "\t") + "\n" + strings.Join(line, "\t") + "\n"
	if _, err := parseMutants("m.tsv", strings.NewReader(two)); err == nil || !strings.Contains(err.Error(), "duplicate id") {
		t.Errorf("duplicate: got %v", err)
	}
}

func TestMutate(t *testing.T) {
	src := "package p\n\nfunc f() {\n\tc, _ := dial()\n\tdefer c.Close()\n\tuse(c)\n}\n"
	m := &Mutant{File: "p.go", Removed: 5, Stmt: "defer c.Close()"}
	got, err := mutate([]byte(src), m)
	if err != nil {
		t.Fatal(err)
	}
	if want := "package p\n\nfunc f() {\n\tc, _ := dial()\n\t\n\tuse(c)\n}\n"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
	m.Stub = "_ = c"
	got, _ = mutate([]byte(src), m)
	if !strings.Contains(string(got), "\n\t_ = c\n\tuse(c)") || strings.Count(string(got), "\n") != strings.Count(src, "\n") {
		t.Errorf("stub: got %q", got)
	}
	for _, bad := range []*Mutant{
		{File: "p.go", Removed: 4, Stmt: "defer c.Close()"},  // not on that line
		{File: "p.go", Removed: 40, Stmt: "defer c.Close()"}, // past the end
	} {
		if _, err := mutate([]byte(src), bad); err == nil {
			t.Errorf("line %d: no error", bad.Removed)
		}
	}
}

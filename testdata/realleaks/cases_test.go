package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const header = "# id\tkind\tmodule\tbad\tgood\tpackage\tfile\tfunc\tline\tpath\tsource\tnote\n"

// caseLine returns a valid case line with the given columns replaced.
func caseLine(replace map[int]string) string {
	f := []string{"conn-yamux-1", "conn", "github.com/hashicorp/yamux", "v0.1.1", "v0.1.2",
		"github.com/hashicorp/yamux", "session.go", "(*Session).Open", "151", "read-eof",
		"https://github.com/hashicorp/yamux/pull/1", "a note"}
	for i, s := range replace {
		f[i] = s
	}
	return strings.Join(f, "\t")
}

func TestParseCases(t *testing.T) {
	src := header + "\n" + caseLine(nil) + "\r\n# a comment\n" +
		caseLine(map[int]string{0: "body-x-1", 1: "body", 7: "Get", 9: "always", 11: ""}) + "\n"
	cs, err := parseCases("conn.tsv", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("got %d cases, want 2", len(cs))
	}
	c := cs[0]
	if c.ID != "conn-yamux-1" || c.Kind != "conn" || c.Func != "(*Session).Open" || c.Line != 151 ||
		c.Path != "read-eof" || c.Note != "a note" || c.Pos != "conn.tsv:3" {
		t.Errorf("first case: %+v", c)
	}
	if cs[1].Pos != "conn.tsv:5" || cs[1].Kind != "body" {
		t.Errorf("second case: %+v", cs[1])
	}
	if c.Exits != nil || cs[1].Exits != nil {
		t.Errorf("exits of 12-column cases: %v, %v; want none", c.Exits, cs[1].Exits)
	}
}

func TestParseCasesExits(t *testing.T) {
	for _, tt := range []struct {
		col  string
		want []int
	}{
		{"-", nil},
		{"160", []int{160}},
		{"160,172, 190", []int{160, 172, 190}},
	} {
		src := header + caseLine(nil) + "\t" + tt.col + "\n" + caseLine(map[int]string{0: "conn-x-2", 11: ""}) + "\t" + tt.col + "\n"
		cs, err := parseCases("conn.tsv", strings.NewReader(src))
		if err != nil {
			t.Fatalf("exits %q: %v", tt.col, err)
		}
		for _, c := range cs {
			if !slices.Equal(c.Exits, tt.want) {
				t.Errorf("exits %q: got %v, want %v", tt.col, c.Exits, tt.want)
			}
		}
	}
}

func TestParseCasesMalformed(t *testing.T) {
	for _, tt := range []struct{ line, want string }{
		{"conn-x-1\tconn\tm", "3 columns, want 12"},
		{caseLine(nil) + "\t1\textra", "14 columns, want 12 or 13"},
		{caseLine(nil) + "\t", "empty exits column"},
		{caseLine(nil) + "\textra", `exits "extra": "extra" is not a positive number`},
		{caseLine(nil) + "\t12,0", `"0" is not a positive number`},
		{caseLine(nil) + "\t12,", `"" is not a positive number`},
		{caseLine(nil) + "\t-3", `"-3" is not a positive number`},
		{caseLine(nil) + "\t12,-", `"-" is not a positive number`},
		{caseLine(nil) + "\t7,7", "line 7 twice"},
		{caseLine(map[int]string{1: "socket"}), `unknown kind "socket"`},
		{caseLine(map[int]string{9: "panic"}), `unknown path kind "panic"`},
		{caseLine(map[int]string{8: "0"}), `line "0" is not a positive number`},
		{caseLine(map[int]string{8: "12a"}), `line "12a" is not a positive number`},
		{caseLine(map[int]string{8: "-3"}), "not a positive number"},
		{caseLine(map[int]string{3: ""}), "empty bad column"},
		{caseLine(map[int]string{4: "v0.1.1"}), "same version"},
		{caseLine(map[int]string{5: "github.com/other/pkg"}), "not in module"},
		{caseLine(map[int]string{6: "session_test.go"}), "not a non-test .go file"},
		{caseLine(map[int]string{6: "../x.go"}), "not a non-test .go file"},
		{caseLine(map[int]string{7: "Session.Open"}), "is not Name, (*T).Name or (T).Name"},
		{caseLine(map[int]string{7: "func() {}"}), "is not Name"},
	} {
		_, err := parseCases("cases/conn.tsv", strings.NewReader(header+tt.line+"\n"))
		if err == nil || !strings.HasPrefix(err.Error(), "cases/conn.tsv:2: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got error %v, want cases/conn.tsv:2: …%s…", tt.line, err, tt.want)
		}
	}
}

func TestLoadCasesDuplicate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("conn.tsv", header+caseLine(nil)+"\n")
	write("extra-a.tsv", header+"\n"+caseLine(nil)+"\n")
	write("notes.txt", "not a case file\n")
	_, err := loadCases(dir)
	want := filepath.Join(dir, "extra-a.tsv") + ":3: duplicate id conn-yamux-1 (first at " + filepath.Join(dir, "conn.tsv") + ":2)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}

	write("extra-a.tsv", header+caseLine(map[int]string{0: "conn-yamux-2"})+"\n")
	cs, err := loadCases(dir)
	if err != nil || len(cs) != 2 {
		t.Fatalf("got %d cases, %v; want 2", len(cs), err)
	}
	for _, tt := range []struct {
		only, kind string
		want       int
		err        string
	}{
		{"", "", 2, ""},
		{"conn-yamux-1", "", 1, ""},
		{"conn-yamux-2", "", 1, ""},
		{"conn-yamux-1, conn-yamux-2", "conn", 2, ""},
		{"", "body", 0, "no case selected"},
		{"conn-yamux-1,nope", "", 0, "-only: no case nope"},
	} {
		got, err := selectCases(cs, tt.only, tt.kind)
		if len(got) != tt.want || (err == nil) != (tt.err == "") || err != nil && err.Error() != tt.err {
			t.Errorf("selectCases(%q, %q) = %d cases, %v; want %d, %q", tt.only, tt.kind, len(got), err, tt.want, tt.err)
		}
	}
}

func TestRunBadCaseFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "conn.tsv"), []byte(header+caseLine(map[int]string{1: "udp"})+"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"-closewait", "/nonexistent/closewait", "-cases", dir}, &stdout, &stderr); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if want := "conn.tsv:2: unknown kind \"udp\""; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q does not name %s", stderr.String(), want)
	}
}

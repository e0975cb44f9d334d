package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const pinsHeader = "# module\tversion\tdep\tdepversion\n"

func TestParsePins(t *testing.T) {
	src := pinsHeader + "\n" +
		"github.com/nsqio/nsq\tv1.1.0\tgithub.com/nsqio/go-diskqueue\tv0.0.0-20180306152900-74cfbc9de839\r\n" +
		"# a comment\n" +
		"github.com/A/b\t*\tgolang.org/x/net\t v0.1.0 \n"
	ps, err := parsePins("pins.tsv", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 {
		t.Fatalf("got %d pins, want 2", len(ps))
	}
	if p := ps[0]; p.module != "github.com/nsqio/nsq" || p.version != "v1.1.0" || p.dep != "github.com/nsqio/go-diskqueue" ||
		p.depVersion != "v0.0.0-20180306152900-74cfbc9de839" || p.pos != "pins.tsv:3" {
		t.Errorf("first pin: %+v", p)
	}
	if p := ps[1]; p.version != anyVersion || p.depVersion != "v0.1.0" || p.pos != "pins.tsv:5" {
		t.Errorf("second pin: %+v", p)
	}
}

func TestParsePinsMalformed(t *testing.T) {
	const good = "github.com/A/b\tv1.0.0\tgithub.com/C/d\tv0.2.0"
	for _, tt := range []struct{ lines, want string }{
		{"github.com/A/b\tv1.0.0\tgithub.com/C/d", "3 columns, want 4"},
		{good + "\t# note", "5 columns, want 4"},
		{"github.com/A/b v1.0.0 github.com/C/d v0.2.0", "1 columns, want 4"},
		{"\tv1.0.0\tgithub.com/C/d\tv0.2.0", "empty module column"},
		{"github.com/A/b\t\tgithub.com/C/d\tv0.2.0", "empty version column"},
		{"github.com/A/b\tv1.0.0\tgithub.com/C/d\t", "empty depversion column"},
		{"github.com/A/b@v1.0.0\tv1.0.0\tgithub.com/C/d\tv0.2.0", `"github.com/A/b@v1.0.0" is not a module path`},
		{"github.com/A/b\tv1.0.0\tgithub.com/C d\tv0.2.0", `"github.com/C d" is not a module path`},
		{"github.com/A/b\t1.0.0\tgithub.com/C/d\tv0.2.0", `version "1.0.0" is not a version`},
		{"github.com/A/b\tlatest\tgithub.com/C/d\tv0.2.0", `version "latest" is not a version`},
		{"github.com/A/b\tv1.0.0\tgithub.com/C/d\t*", `depversion "*" is not a version`},
		{"github.com/A/b\tv1.0.0\tgithub.com/C/d\tmaster", `depversion "master" is not a version`},
		{"github.com/A/b\tv1.0.0\tgithub.com/A/b\tv1.1.0", "github.com/A/b pins itself"},
		{good + "\n" + strings.Replace(good, "v0.2.0", "v0.3.0", 1), "github.com/C/d is pinned twice for github.com/A/b@v1.0.0 (first at cases/pins.tsv:2)"},
	} {
		_, err := parsePins("cases/pins.tsv", strings.NewReader(pinsHeader+tt.lines+"\n"))
		pos := "cases/pins.tsv:2: "
		if strings.Contains(tt.lines, "\n") {
			pos = "cases/pins.tsv:3: "
		}
		if err == nil || !strings.HasPrefix(err.Error(), pos) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got error %v, want %s…%s…", tt.lines, err, pos, tt.want)
		}
	}
	// The same dependency pinned for another version, or for any version,
	// is not a duplicate.
	src := pinsHeader + good + "\n" + strings.Replace(good, "v1.0.0", "v1.1.0", 1) + "\n" + strings.Replace(good, "v1.0.0", "*", 1) + "\n"
	if ps, err := parsePins("pins.tsv", strings.NewReader(src)); err != nil || len(ps) != 3 {
		t.Errorf("got %d pins, %v; want 3", len(ps), err)
	}
}

func TestGoModPins(t *testing.T) {
	pins, err := parsePins("pins.tsv", strings.NewReader(pinsHeader+
		"github.com/A/b\tv1.0.0\tgithub.com/Z/z\tv0.1.0\n"+
		"github.com/A/b\tv1.1.0\tgithub.com/C/d\tv0.3.0\n"+
		"github.com/A/b\t*\tgithub.com/C/d\tv0.2.0\n"+
		"github.com/other/m\t*\tgithub.com/C/d\tv0.9.0\n"))
	if err != nil {
		t.Fatal(err)
	}
	cs := []*Case{
		{Module: "github.com/A/b", Bad: "v1.0.0", Good: "v1.1.0", Package: "github.com/A/b"},
		{Module: "github.com/E/f", Bad: "v1.0.0", Good: "v1.1.0", Package: "github.com/E/f"},
	}
	got := make(map[string]string)
	for _, t := range targets(cs, pins) {
		got[t.String()] = goMod(t)
	}
	const head = "module realleaks.scratch\n\ngo 1.26\n\n"
	for key, want := range map[string]string{
		// The pin of v1.0.0 and the pin of any version, sorted by path.
		"github.com/A/b@v1.0.0": head + "require github.com/A/b v1.0.0\nrequire github.com/C/d v0.2.0\nrequire github.com/Z/z v0.1.0\n",
		// The pin of v1.1.0 wins over the later pin of any version.
		"github.com/A/b@v1.1.0": head + "require github.com/A/b v1.1.0\nrequire github.com/C/d v0.3.0\n",
		// No pin: the go.mod (and so the stamp) of a run without pins.tsv.
		"github.com/E/f@v1.0.0": head + "require github.com/E/f v1.0.0\n",
		"github.com/E/f@v1.1.0": head + "require github.com/E/f v1.1.0\n",
	} {
		if got[key] != want {
			t.Errorf("go.mod of %s:\n%s\nwant:\n%s", key, got[key], want)
		}
	}
	if len(got) != 4 {
		t.Errorf("got %d targets, want 4", len(got))
	}

	want := "pins.tsv:5: no case has github.com/other/m@* as its bad or good version"
	if err := checkPins(pins, cs); err == nil || err.Error() != want {
		t.Errorf("checkPins: got %v, want %s", err, want)
	}
}

func TestLoadPins(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	write("conn.tsv", header+caseLine(nil)+"\n")
	if ps, err := loadPins(dir); ps != nil || err != nil {
		t.Errorf("no pins.tsv: got %v, %v; want no pins", ps, err)
	}

	// pins.tsv is not a case file.
	write(pinsFile, pinsHeader+"github.com/hashicorp/yamux\tv0.1.1\tgithub.com/C/d\tv0.2.0\n")
	cs, err := loadCases(dir)
	if err != nil || len(cs) != 1 {
		t.Fatalf("loadCases with a pins.tsv: got %d cases, %v; want 1", len(cs), err)
	}
	ps, err := loadPins(dir)
	if err != nil || len(ps) != 1 || ps[0].pos != filepath.Join(dir, pinsFile)+":2" {
		t.Fatalf("loadPins: got %v, %v; want one pin at pins.tsv:2", ps, err)
	}
	if err := checkPins(ps, cs); err != nil {
		t.Errorf("checkPins of a pin of the bad version: %v", err)
	}

	// A pin of a version no case has never applies.
	ps[0].version = "v0.1.3"
	want := filepath.Join(dir, pinsFile) + ":2: no case has github.com/hashicorp/yamux@v0.1.3 as its bad or good version"
	if err := checkPins(ps, cs); err == nil || err.Error() != want {
		t.Errorf("checkPins: got %v, want %s", err, want)
	}
	ps[0].version, ps[0].module = anyVersion, "github.com/other/m"
	if err := checkPins(ps, cs); err == nil || !strings.Contains(err.Error(), "no case has github.com/other/m@*") {
		t.Errorf("checkPins of another module: got %v", err)
	}
}

func TestRunBadPinsFile(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"conn.tsv": header + caseLine(nil) + "\n",
		pinsFile:   pinsHeader + "github.com/hashicorp/yamux\tv0.1.1\tgithub.com/C/d\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o666); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr strings.Builder
	if code := run([]string{"-closewait", "/nonexistent/closewait", "-cases", dir}, &stdout, &stderr); code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if want := "pins.tsv:2: 3 columns, want 4"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q does not name %s", stderr.String(), want)
	}
}

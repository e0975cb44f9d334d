package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leakSrc is session.go of a fake module: Open spans lines 5-12, its
// acquisition is at line 6.
const leakSrc = `package yamux

import "net"

func Open() (net.Conn, error) {
	c, err := net.Dial("tcp", "x")
	if err != nil {
		return nil, err
	}
	_ = c
	return nil, nil
}

func Other() {}
`

// syntheticJSON is closewait -json output on the fake module in dir.
func syntheticJSON(dir string) string {
	posn := func(file string, line int) string {
		return fmt.Sprintf("%q", fmt.Sprintf("%s:%d:3", filepath.Join(dir, file), line))
	}
	return `{
	"example.com/yamux": {
		"connleak": [
			{"posn": ` + posn("session.go", 10) + `, "message": "c is not closed", "related": [{"posn": ` + posn("session.go", 11) + `, "message": "here"}]},
			{"posn": ` + posn("session.go", 14) + `, "message": "outside Open"},
			{"posn": ` + posn("other.go", 6) + `, "message": "other file, same line"}
		],
		"bodyleak": [
			{"posn": ` + posn("session.go", 6) + `, "message": "another pass at the line"}
		],
		"listenerleak": []
	},
	"example.com/yamux/broken": {
		"connleak": {"error": "internal error: boom"}
	}
}`
}

func TestParseFindings(t *testing.T) {
	fs, errs, err := parseFindings(strings.NewReader(syntheticJSON("/mod/example.com/yamux@v1.0.0")))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 4 {
		t.Errorf("got %d findings, want 4: %v", len(fs), fs)
	}
	if got, want := errs["example.com/yamux/broken"], "connleak: internal error: boom"; got != want || len(errs) != 1 {
		t.Errorf("errors %v, want {example.com/yamux/broken: %s}", errs, want)
	}
	if fs, errs, err := parseFindings(strings.NewReader("")); fs != nil || errs != nil || err != nil {
		t.Errorf("empty output: %v, %v, %v", fs, errs, err)
	}
	if _, _, err := parseFindings(strings.NewReader(`{"p": {"connleak": [{"posn": "nowhere"}]}}`)); err == nil {
		t.Error("a bad position: no error")
	}
	for posn, want := range map[string]string{
		"/a/b.go:12:5":    "/a/b.go 12",
		"/a/b.go:12":      "/a/b.go 12",
		`C:\a\b.go:12:5`:  `C:\a\b.go 12`,
		"/a/b:c.go:7:100": "/a/b:c.go 7",
	} {
		file, line, ok := splitPosn(posn)
		if got := fmt.Sprintf("%s %d", file, line); !ok || got != want {
			t.Errorf("splitPosn(%q) = %s, %v; want %s", posn, got, ok, want)
		}
	}
}

func TestJudgeVerdicts(t *testing.T) {
	dir := "/mod/example.com/yamux@v1.0.0"
	fs, _, err := parseFindings(strings.NewReader(syntheticJSON(dir)))
	if err != nil {
		t.Fatal(err)
	}
	file, sp := filepath.Join(dir, "session.go"), span{5, 12}
	for _, tt := range []struct {
		pass string
		line int
		want string
	}{
		{"connleak", 10, exact},
		{"connleak", 6, inFunc}, // a finding at 10 only
		{"bodyleak", 6, exact},  // the bodyleak finding at 6
		{"bodyleak", 7, inFunc},
		{"listenerleak", 6, missed},
	} {
		if got := judgeBefore(fs, tt.pass, file, sp, tt.line); got != tt.want {
			t.Errorf("judgeBefore(%s, line %d) = %s, want %s", tt.pass, tt.line, got, tt.want)
		}
	}
	if got := judgeBefore(fs, "connleak", file, span{13, 13}, 13); got != missed {
		t.Errorf("a span without findings: %s, want missed", got)
	}
	if got := judgeAfter(fs, "connleak", file, sp); got != flagged {
		t.Errorf("judgeAfter(connleak) = %s, want flagged", got)
	}
	if got := judgeAfter(fs, "listenerleak", file, sp); got != clean {
		t.Errorf("judgeAfter(listenerleak) = %s, want clean", got)
	}
	if got := judgeAfter(fs, "connleak", filepath.Join(dir, "other.go"), span{100, 200}); got != clean {
		t.Errorf("judgeAfter(other.go, far span) = %s, want clean", got)
	}
}

// TestJudge judges cases on two fake module versions in the file system.
func TestJudge(t *testing.T) {
	root := t.TempDir()
	as := make(map[string]*analysis)
	for _, v := range []string{"v1.0.0", "v1.0.1"} {
		dir := filepath.Join(root, "example.com", "yamux@"+v)
		if err := os.MkdirAll(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "session.go"), []byte(leakSrc), 0o666); err != nil {
			t.Fatal(err)
		}
		fs, errs, err := parseFindings(strings.NewReader(syntheticJSON(dir)))
		if err != nil {
			t.Fatal(err)
		}
		as["example.com/yamux@"+v] = &analysis{dir: dir, findings: fs, pkgErrs: errs}
	}
	as["example.com/yamux@v1.0.1"].findings = nil // the fix
	as["example.com/yamux@v2.0.0"] = &analysis{err: fmt.Errorf("go mod tidy: no such version")}

	c := func(kind, fn string, line int, good, pkg string) *Case {
		return &Case{ID: "x", Kind: kind, Module: "example.com/yamux", Bad: "v1.0.0", Good: good,
			Package: pkg, File: "session.go", Func: fn, Line: line}
	}
	for _, tt := range []struct {
		c                     *Case
		before, after, reason string
	}{
		{c("conn", "Open", 10, "v1.0.1", "example.com/yamux"), exact, clean, ""},
		{c("conn", "Open", 6, "v1.0.1", "example.com/yamux"), inFunc, clean, ""},
		{c("listener", "Open", 6, "v1.0.1", "example.com/yamux"), missed, clean, ""},
		{c("conn", "Open", 10, "v1.0.0", "example.com/yamux"), exact, flagged, ""},
		{c("conn", "Open", 14, "v1.0.1", "example.com/yamux"), failed, clean, "line 14 is not in func Open (lines 5-12 of session.go)"},
		{c("conn", "(*S).Open", 6, "v1.0.1", "example.com/yamux"), failed, failed, "no func (*S).Open"},
		{c("conn", "Open", 6, "v2.0.0", "example.com/yamux"), inFunc, failed, "example.com/yamux@v2.0.0: go mod tidy: no such version"},
		{c("conn", "Open", 6, "v1.0.1", "example.com/yamux/broken"), failed, failed, "analysis error in example.com/yamux/broken: connleak: internal error: boom"},
		{c("conn", "Open", 6, "v3.0.0", "example.com/yamux"), inFunc, failed, "example.com/yamux@v3.0.0: not analyzed"},
	} {
		o := judge(tt.c, as)
		reasons := strings.Join(o.reasons, "; ")
		if o.before != tt.before || o.after != tt.after || !strings.Contains(reasons, tt.reason) || (tt.reason == "") != (reasons == "") {
			t.Errorf("%s %s line %d good %s: got %s %s (%s), want %s %s (…%s…)",
				tt.c.Kind, tt.c.Func, tt.c.Line, tt.c.Good, o.before, o.after, reasons, tt.before, tt.after, tt.reason)
		}
	}
}

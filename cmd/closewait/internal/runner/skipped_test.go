package runner

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// noop is an analyzer without facts: the tests of this file are about
// which packages are analyzed, not what the passes find.
var noop = &analysis.Analyzer{Name: "noop", Doc: "does nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}

// runNoop runs noop on patterns in dir, without a cache.
func runNoop(t *testing.T, dir string, tests bool, patterns ...string) *Result {
	t.Helper()
	res, err := Run(Options{Analyzers: []*analysis.Analyzer{noop}, Patterns: patterns, Dir: dir, Tests: tests})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestSkipped checks that every package the patterns match but that is
// not analyzed is in Result.Skipped, with the reason, and in the JSON
// output as an error of each analyzer: a package with a type error, one
// whose dependency has one, and, without tests, one with only _test.go
// files; the packages that are analyzed are not.
func TestSkipped(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"broken/broken.go":    "package broken\n\nfunc F() int { return undefinedName }\n",
		"uses/uses.go":        "package uses\n\nimport \"example.com/m/broken\"\n\nvar X = broken.F\n",
		"onlytests/x_test.go": "package onlytests\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
		"fine/fine.go":        "package fine\n\nfunc G() {}\n",
	})
	res := runNoop(t, dir, false, "./...")
	got := make(map[string]Skipped)
	for _, s := range res.Skipped {
		got[s.Package.PkgPath] = s
	}
	if len(got) != 3 {
		t.Errorf("skipped %v, want broken, uses and onlytests", slices.Collect(maps.Keys(got)))
	}
	if s := got["example.com/m/broken"]; len(s.Package.Errors) == 0 || !strings.Contains(s.Reason, "undefined: undefinedName") {
		t.Errorf("broken: %+v, want its own error as the reason", s)
	}
	if s := got["example.com/m/uses"]; s.Dep == nil || s.Dep.PkgPath != "example.com/m/broken" ||
		!strings.HasPrefix(s.Reason, "its dependency example.com/m/broken does not load or type-check: ") {
		t.Errorf("uses: %+v, want its dependency broken as the reason", s)
	}
	if s := got["example.com/m/onlytests"]; !s.OnlyTests {
		t.Errorf("onlytests: %+v, want OnlyTests", s)
	}
	if _, ok := got["example.com/m/fine"]; ok {
		t.Errorf("fine was analyzed, but is in Skipped")
	}
	var out bytes.Buffer
	if err := res.PrintJSON(&out); err != nil {
		t.Fatal(err)
	}
	var tree map[string]map[string]struct{ Error string }
	if err := json.Unmarshal(out.Bytes(), &tree); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, id := range []string{"example.com/m/broken", "example.com/m/uses", "example.com/m/onlytests"} {
		if e := tree[id]["noop"].Error; !strings.HasPrefix(e, "not analyzed: ") {
			t.Errorf("JSON for %s: %q, want the error \"not analyzed: …\"\n%s", id, e, out.String())
		}
	}

	// With tests, the test-only package is analyzed (its test variant).
	res = runNoop(t, dir, true, "./onlytests")
	if len(res.Skipped) != 0 {
		t.Errorf("with tests, skipped %v", res.Skipped)
	}
}

// TestSyntaxErrorAlone checks that a file that does not parse gives its
// syntax errors and not the type errors that follow from them (a
// statement cut short leaves its variables unused, a call's arguments
// run into the next line), as the go command does.
func TestSyntaxErrorAlone(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"s/s.go": "package s\n\nfunc F(a, b int) int {\n\tc, err := G(a, b\n\t_ = c\n\treturn 0\n}\n\nfunc G(a, b int) (int, error) { return a + b, nil }\n",
	})
	res := runNoop(t, dir, false, "./...")
	var kinds []packages.ErrorKind
	var msgs []string
	packages.Visit(res.Packages, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			kinds = append(kinds, e.Kind)
			msgs = append(msgs, e.Error())
		}
	})
	if len(kinds) == 0 {
		t.Fatal("no errors for a file that does not parse")
	}
	for i, k := range kinds {
		if k != packages.ParseError {
			t.Errorf("error %q is of kind %v, want only syntax errors", msgs[i], k)
		}
	}
}

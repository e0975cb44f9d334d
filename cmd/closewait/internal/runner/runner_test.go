package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/closewait/closewait/passes"
)

// writeModule writes a module example.com/m with the given files (path
// relative to the module root → content) in a new directory.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	if err := writeFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// writeFiles writes the module example.com/m with files into dir.
func writeFiles(dir string, files map[string]string) error {
	files["go.mod"] = "module example.com/m\n\ngo 1.26\n"
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o777); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o666); err != nil {
			return err
		}
	}
	return nil
}

// findings renders the diagnostics of the root actions, with their
// related positions, as lines "posn: analyzer: message", sorted.
func findings(res *Result) []string {
	var out []string
	for _, act := range res.Actions {
		if act.Err != nil {
			out = append(out, fmt.Sprintf("error: %s: %v", act, act.Err))
		}
		for _, d := range act.Diagnostics {
			s := fmt.Sprintf("%s: %s: %s", res.Fset.Position(d.Pos), act.Analyzer.Name, d.Message)
			for _, rel := range d.Related {
				s += fmt.Sprintf(" [%s: %s]", res.Fset.Position(rel.Pos), rel.Message)
			}
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// runIn runs passes.All over ./... of dir with the cache in cacheDir and
// returns the result and the warnings.
func runIn(t *testing.T, dir, cacheDir string) (*Result, []string) {
	t.Helper()
	var warnings []string
	res, err := Run(Options{
		Analyzers: passes.All(), Patterns: []string{"./..."}, Dir: dir, CacheDir: cacheDir,
		Warn: func(msg string) { warnings = append(warnings, msg) },
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Packages {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.ID, p.Errors)
		}
	}
	return res, warnings
}

// A module whose package a leaks the conn that b's Open returns: a finding
// that needs b's fact.
var leakyModule = map[string]string{
	"b/b.go": `package b

import "net"

// Open returns a fresh conn.
func Open(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }
`,
	"a/a.go": `package a

import "example.com/m/b"

func Use() error {
	c, err := b.Open("localhost:1")
	if err != nil {
		return err
	}
	_, err = c.Write(nil)
	return err
}
`,
}

// TestCacheReuseAndInvalidation runs the same module four times on one
// cache: cold, warm (nothing analyzed, the same findings), after a change
// to b that changes its fact (b and its dependent a analyzed again, the
// rest from the cache, and a's finding gone), and after undoing the
// change (all from the cache again, the finding back).
func TestCacheReuseAndInvalidation(t *testing.T) {
	dir := writeModule(t, leakyModule)
	cacheDir := t.TempDir()

	cold, warnings := runIn(t, dir, cacheDir)
	want := findings(cold)
	if len(want) != 1 || !strings.Contains(want[0], "a.go:6:") || !strings.Contains(want[0], "connleak") {
		t.Fatalf("cold run: want one connleak finding in a.go:6, got %q", want)
	}
	if cold.Stats.Analyzed != cold.Stats.Packages || cold.Stats.Cached != 0 || len(warnings) > 0 {
		t.Fatalf("cold run: %+v, warnings %q; want every package analyzed", cold.Stats, warnings)
	}

	warm, warnings := runIn(t, dir, cacheDir)
	if got := findings(warm); !slices.Equal(got, want) {
		t.Errorf("warm run: findings %q, want %q", got, want)
	}
	if warm.Stats.Analyzed != 0 || warm.Stats.Cached != warm.Stats.Packages || len(warnings) > 0 {
		t.Errorf("warm run: %+v, warnings %q; want every package from the cache", warm.Stats, warnings)
	}

	b := filepath.Join(dir, "b", "b.go")
	orig, err := os.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(orig), `return net.Dial("tcp", addr)`, `return nil, nil`, 1)
	if err := os.WriteFile(b, []byte(changed), 0o666); err != nil {
		t.Fatal(err)
	}
	edited, _ := runIn(t, dir, cacheDir)
	if got := findings(edited); len(got) != 0 {
		t.Errorf("after b stopped returning a fresh conn: findings %q, want none", got)
	}
	if edited.Stats.Analyzed != 2 || edited.Stats.Cached != edited.Stats.Packages-2 || edited.Stats.TypesOnly == 0 {
		t.Errorf("after editing b: %+v; want a and b analyzed, the others from the cache, some type-checked for them", edited.Stats)
	}

	if err := os.WriteFile(b, orig, 0o666); err != nil {
		t.Fatal(err)
	}
	undone, _ := runIn(t, dir, cacheDir)
	if got := findings(undone); !slices.Equal(got, want) {
		t.Errorf("after undoing the edit: findings %q, want %q", got, want)
	}
	if undone.Stats.Analyzed != 0 {
		t.Errorf("after undoing the edit: %+v; want every package from the cache", undone.Stats)
	}
}

// TestCorruptEntriesIgnored damages every entry of a cache (garbage in
// half of them, a truncated tail in the others): the next run warns
// about each, analyzes again and finds the same; the run after that uses
// the rewritten entries.
func TestCorruptEntriesIgnored(t *testing.T) {
	c := leakyCache(t)
	dir, cacheDir, want := c.module, c.dir, c.findings

	var entries []string
	err := filepath.WalkDir(cacheDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Dir(path) != cacheDir { // entries are in subdirectories; the key is not one
			entries = append(entries, path)
		}
		return err
	})
	if err != nil || len(entries) != c.packages {
		t.Fatalf("cache holds %d entries (%v), want one per package (%d)", len(entries), err, c.packages)
	}
	for i, path := range entries {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			data = []byte("not a cache entry")
		} else {
			data = data[:len(data)-1]
		}
		if err := os.WriteFile(path, data, 0o666); err != nil {
			t.Fatal(err)
		}
	}

	again, warnings := runIn(t, dir, cacheDir)
	if got := findings(again); !slices.Equal(got, want) {
		t.Errorf("with corrupt entries: findings %q, want %q", got, want)
	}
	if len(warnings) != len(entries) || again.Stats.Analyzed != again.Stats.Packages {
		t.Errorf("with %d corrupt entries: %d warnings, %+v; want one warning each and every package analyzed", len(entries), len(warnings), again.Stats)
	}
	for _, w := range warnings {
		if !strings.HasPrefix(w, "ignoring corrupt cache entry "+cacheDir) || !strings.HasSuffix(w, "it will be rewritten") {
			t.Errorf("warning %q: want \"ignoring corrupt cache entry FILE (why); it will be rewritten\"", w)
		}
	}

	healed, warnings := runIn(t, dir, cacheDir)
	if healed.Stats.Analyzed != 0 || len(warnings) > 0 || !slices.Equal(findings(healed), want) {
		t.Errorf("after rewriting: %+v, warnings %q; want every package from the cache, no warning", healed.Stats, warnings)
	}
}

// TestReleasesTypes analyzes eight roots, each importing a package of
// its own, one package at a time: the types and facts of a root's import
// are released once the root is done, so at most a root and its import
// (and the next import, ready before) are held at once, not all 16.
func TestReleasesTypes(t *testing.T) {
	files := make(map[string]string)
	for i := range 8 {
		files[fmt.Sprintf("p%d/p.go", i)] = fmt.Sprintf("package p%d\n\nimport \"example.com/m/q%d\"\n\nvar X = q%d.X\n", i, i, i)
		files[fmt.Sprintf("q%d/q.go", i)] = fmt.Sprintf("package q%d\n\nvar X = %d\n", i, i)
	}
	dir := writeModule(t, files)
	res, err := Run(Options{Analyzers: passes.All(), Patterns: []string{"./..."}, Dir: dir, Sequential: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Packages != 16 || res.Stats.Analyzed != 16 {
		t.Fatalf("%+v: want 16 packages analyzed", res.Stats)
	}
	if res.Stats.MaxLive > 3 {
		t.Errorf("%d packages' types held at once, want at most 3 of %d", res.Stats.MaxLive, res.Stats.Packages)
	}
}

// TestSameAsChecker compares the runner with x/tools' checker (the
// standalone driver before it) on the bundled example and the leaky
// module, findings and related positions included.
func TestSameAsChecker(t *testing.T) {
	example, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "testdata", "example"))
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{example, writeModule(t, leakyModule)} {
		res, err := Run(Options{Analyzers: passes.All(), Patterns: []string{"./..."}, Dir: dir, Tests: true})
		if err != nil {
			t.Fatal(err)
		}
		got := findings(res)

		cfg := &packages.Config{Mode: packages.LoadAllSyntax | packages.NeedModule, Dir: dir, Tests: true}
		pkgs, err := packages.Load(cfg, "./...")
		if err != nil {
			t.Fatal(err)
		}
		graph, err := checker.Analyze(passes.All(), pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for act := range graph.All() {
			if act.Err != nil {
				want = append(want, fmt.Sprintf("error: %s: %v", act, act.Err))
			}
			if !act.IsRoot {
				continue
			}
			for _, d := range act.Diagnostics {
				s := fmt.Sprintf("%s: %s: %s", act.Package.Fset.Position(d.Pos), act.Analyzer.Name, d.Message)
				for _, rel := range d.Related {
					s += fmt.Sprintf(" [%s: %s]", act.Package.Fset.Position(rel.Pos), rel.Message)
				}
				want = append(want, s)
			}
		}
		slices.Sort(want)
		if len(want) == 0 {
			t.Errorf("%s: checker found nothing: the comparison shows nothing", dir)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: runner found\n%s\nchecker found\n%s", dir, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

package passes_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/closewait/closewait/internal/marks"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes"
)

// TestNogoStructure checks what Bazel's nogo needs of the passes: they
// validate as a set, and each has a distinct name, a Doc and a URL.
func TestNogoStructure(t *testing.T) {
	all := passes.All()
	if len(all) == 0 {
		t.Fatal("passes.All() is empty")
	}
	if err := analysis.Validate(all); err != nil {
		t.Fatalf("analysis.Validate(passes.All()): %v", err)
	}
	if !slices.Contains(all, analyzer.Analyzer) {
		t.Error("passes.All() does not list the engine, so drivers do not expose its flags")
	}
	seen := map[string]bool{analyzer.Analyzer.Name: true}
	for _, a := range all {
		if a == analyzer.Analyzer {
			continue
		}
		if a.Name == "" || a.Doc == "" || a.URL == "" {
			t.Errorf("pass %q: Name, Doc and URL must all be set (Doc %q, URL %q)", a.Name, a.Doc, a.URL)
		}
		if seen[a.Name] {
			t.Errorf("pass name %q is not unique (the engine is %q)", a.Name, analyzer.Analyzer.Name)
		}
		seen[a.Name] = true
		if !requires(a, analyzer.Analyzer) {
			t.Errorf("pass %q does not require the engine, directly or through another analyzer", a.Name)
		}
	}
	if e := analyzer.Analyzer; e.Doc == "" || e.URL == "" {
		t.Errorf("engine %q: Doc and URL must be set", e.Name)
	}
}

// requires reports whether a requires b, directly or through the
// analyzers it requires (connreuse reads the engine through reuse).
func requires(a, b *analysis.Analyzer) bool {
	for _, r := range a.Requires {
		if r == b || requires(r, b) {
			return true
		}
	}
	return false
}

// nogoRoots are the packages that TestNogoConcurrent analyzes, beside the
// leaky fixture module: standard packages that dial, listen and read
// response bodies.
var nogoRoots = []string{"net/smtp", "net/textproto", "net/rpc", "net/http/httputil", "net/http/httptest"}

// TestNogoConcurrent runs passes.All() through the checker as a build
// system's driver would, several analyses at once over the same packages,
// each with the checker's own parallelism: under -race (see TestNogoRace)
// it finds shared state in the passes or the engine. Every concurrent run
// must report what a sequential run with gob-encoded facts reports, and
// that must be exactly the fixture's lines marked "LEAK(pass)", each by
// the pass it names.
func TestNogoConcurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks net/http from source: skipped under -short")
	}
	fixture := filepath.Join(repoRoot(t), "testdata", "precommit", "leaky")
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedDeps | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax |
			packages.NeedTypesInfo | packages.NeedModule,
		Dir: fixture,
	}
	pkgs, err := packages.Load(cfg, append([]string{"./..."}, nogoRoots...)...)
	if err != nil {
		t.Fatal(err)
	}
	if n := packages.PrintErrors(pkgs); n > 0 {
		t.Fatalf("%d errors loading packages", n)
	}
	if len(pkgs) != 1+len(nogoRoots) {
		t.Fatalf("loaded %d packages, want %d", len(pkgs), 1+len(nogoRoots))
	}

	// The sequential run also round-trips every fact through gob, twice,
	// and requires identical bytes, as nogo serializes facts between
	// compilations and Bazel caches them.
	want := diagnostics(t, pkgs, &checker.Options{Sequential: true, SanityCheck: true})

	var fixtureGot []string
	for _, d := range want {
		if strings.HasPrefix(d, fixture+string(filepath.Separator)) {
			pos, rest, _ := strings.Cut(strings.TrimPrefix(d, fixture+string(filepath.Separator)), " ")
			file, line, _ := strings.Cut(pos, ":")
			line, _, _ = strings.Cut(line, ":")
			pass, _, _ := strings.Cut(rest, ":")
			fixtureGot = append(fixtureGot, file+":"+line+" "+pass)
		}
	}
	slices.Sort(fixtureGot)
	var wantLines []string
	for _, m := range marks.Find(t, fixture) {
		wantLines = append(wantLines, m.String()+" "+m.Pass)
	}
	slices.Sort(wantLines)
	if !slices.Equal(fixtureGot, wantLines) {
		t.Errorf("fixture diagnostics at %v, want %v; all diagnostics:\n%s", fixtureGot, wantLines, strings.Join(want, "\n"))
	}

	const runs = 4
	got := make([][]string, runs)
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() { got[i] = diagnostics(t, pkgs, nil) })
	}
	wg.Wait()
	for i, g := range got {
		if !slices.Equal(g, want) {
			t.Errorf("concurrent run %d reported:\n%s\nwant (as the sequential run):\n%s", i, strings.Join(g, "\n"), strings.Join(want, "\n"))
		}
	}
}

// diagnostics runs passes.All() on pkgs and returns every diagnostic of
// every action, as "file:line:col analyzer: message", sorted. It fails
// the test if an action failed.
func diagnostics(t *testing.T, pkgs []*packages.Package, opts *checker.Options) []string {
	graph, err := checker.Analyze(passes.All(), pkgs, opts)
	if err != nil {
		t.Error(err)
		return nil
	}
	var out []string
	for act := range graph.All() {
		if act.Err != nil {
			t.Errorf("%s: %v", act, act.Err)
			continue
		}
		for _, d := range act.Diagnostics {
			out = append(out, fmt.Sprintf("%s %s: %s", act.Package.Fset.Position(d.Pos), act.Analyzer.Name, d.Message))
		}
	}
	slices.Sort(out)
	return out
}

// TestNogoRace reruns TestNogoConcurrent under the race detector when this
// test binary was built without it, so that a plain go test ./... checks
// the passes for data races too.
func TestNogoRace(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the race-enabled test: skipped under -short")
	}
	if raceEnabled() {
		t.Skip("this binary has -race: TestNogoConcurrent runs under it directly")
	}
	if cgo := strings.TrimSpace(run(t, os.Environ(), ".", "go", "env", "CGO_ENABLED")); cgo != "1" {
		t.Skipf("-race needs cgo, and CGO_ENABLED=%s", cgo)
	}
	cmd := exec.Command("go", "test", "-race", "-count=1", "-run=^TestNogoConcurrent$", ".")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test -race -run TestNogoConcurrent: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "ok") {
		t.Errorf("go test -race printed no ok line:\n%s", out)
	}
}

// raceEnabled reports whether this binary was built with -race.
func raceEnabled() bool {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return false
	}
	for _, s := range bi.Settings {
		if s.Key == "-race" {
			return s.Value == "true"
		}
	}
	return false
}

// repoRoot returns the directory of our go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	gomod := strings.TrimSpace(run(t, os.Environ(), ".", "go", "env", "GOMOD"))
	if gomod == "" || gomod == os.DevNull {
		t.Fatal("not in a module")
	}
	return filepath.Dir(gomod)
}

// run runs name with args in dir under env and returns its standard
// output, failing the test on error.
func run(t *testing.T, env []string, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, stderr.Bytes())
	}
	return string(out)
}

package lint

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const exampleDir = "testdata/example"

// exampleRun is the README's command on the bundled example, with the
// default cache, run once: TestExampleText checks it, and the parallel
// tests wait for it (warmDefaultCache) so that the standard library's
// entries they all need (net/http's closure) are in the default cache
// when they start, not computed by each of them side by side.
var exampleRun struct {
	once sync.Once
	r    runResult
}

// warmDefaultCache makes exampleRun, once, and returns it.
func warmDefaultCache(t *testing.T) runResult {
	t.Helper()
	exampleRun.once.Do(func() { exampleRun.r = closewait(t, "./"+exampleDir) })
	return exampleRun.r
}

// TestExampleText runs the README's command on the bundled example:
// exit status 3 and one finding at each LEAK mark, none elsewhere.
func TestExampleText(t *testing.T) {
	r := warmDefaultCache(t)
	if r.code != exitLeaks {
		t.Fatalf("exit status %d, want %d\nstderr:\n%s", r.code, exitLeaks, r.stderr)
	}
	ms := marks(t, repoRoot, exampleDir)
	fs := parseText(r.stderr)
	checkLines(t, fs, ms)
	checkBasicMessages(t, fs, ms)
	if r.stdout != "" {
		t.Errorf("text output went to stdout, want stderr:\n%s", r.stdout)
	}
}

// checkBasicMessages checks the wording of the basic leaks: a conn left
// open on an io.EOF return, and a response body.
func checkBasicMessages(t *testing.T, fs []textFinding, ms []mark) {
	t.Helper()
	var conns, bodies int
	for _, m := range ms {
		for _, f := range at(fs, m.file, m.line) {
			switch m.pass {
			case "connleak":
				conns++
				if !strings.Contains(f.message, "not closed") || !strings.Contains(f.message, "io.EOF") {
					t.Errorf("%s: message %q does not say the conn is not closed on io.EOF", m, f.message)
				}
			case "bodyleak":
				bodies++
				if !strings.Contains(f.message, "resp.Body") || !strings.Contains(f.message, "not closed") {
					t.Errorf("%s: message %q does not say resp.Body is not closed", m, f.message)
				}
			}
		}
	}
	if conns == 0 || bodies == 0 {
		t.Errorf("found %d conn and %d body findings at the marks, want at least one of each", conns, bodies)
	}
}

// jsonReport is the -json output: package ID → pass → diagnostics or error.
type jsonReport map[string]map[string]json.RawMessage

type jsonDiag struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// passFindings parses -json output into findings per pass, with file names
// relative to the module root; the same file may appear under a package
// and its test variant, so findings are de-duplicated.
func passFindings(t *testing.T, out string) map[string][]textFinding {
	t.Helper()
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("-json output does not parse: %v\n%s", err, out)
	}
	byPass := make(map[string][]textFinding)
	seen := make(map[string]bool)
	for pkg, passes := range rep {
		for pass, raw := range passes {
			var diags []jsonDiag
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Errorf("%s: %s: not a list of diagnostics: %s", pkg, pass, raw)
				continue
			}
			for _, d := range diags {
				fs := parseText(d.Posn + ": " + d.Message)
				if len(fs) != 1 {
					t.Fatalf("%s: %s: bad posn %q", pkg, pass, d.Posn)
				}
				f := fs[0]
				if rel, err := filepath.Rel(repoRoot, f.file); err == nil {
					f.file = filepath.ToSlash(rel)
				}
				if k := pass + f.file + f.message; !seen[k] {
					seen[k] = true
					byPass[pass] = append(byPass[pass], f)
				}
			}
		}
	}
	return byPass
}

// TestExampleJSON checks that -json (and -format=json) output parses,
// names the pass of each finding, and exits 3.
func TestExampleJSON(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	ms := marks(t, repoRoot, exampleDir)
	for _, flag := range []string{"-json", "-format=json"} {
		r := closewait(t, flag, "./"+exampleDir)
		if r.code != exitLeaks {
			t.Fatalf("%s: exit status %d, want %d\nstderr:\n%s", flag, r.code, exitLeaks, r.stderr)
		}
		byPass := passFindings(t, r.stdout)
		for _, pass := range []string{"connleak", "listenerleak", "bodyleak"} {
			var want []mark
			for _, m := range ms {
				if m.pass == pass {
					want = append(want, m)
				}
			}
			t.Run(strings.TrimLeft(flag, "-")+"/"+pass, func(t *testing.T) {
				checkLines(t, byPass[pass], want)
			})
		}
	}
}

// TestPassFlags checks that -NAME=false drops a pass and -NAME selects it.
func TestPassFlags(t *testing.T) {
	ms := marks(t, repoRoot, exampleDir)
	keep := func(pred func(string) bool) []mark {
		var out []mark
		for _, m := range ms {
			if pred(m.pass) {
				out = append(out, m)
			}
		}
		return out
	}
	for _, tc := range []struct {
		flags []string
		want  []mark
	}{
		{[]string{"-connleak=false"}, keep(func(p string) bool { return p != "connleak" })},
		{[]string{"-connleak=false", "-bodyleak=false"}, keep(func(p string) bool { return p == "listenerleak" })},
		{[]string{"-connleak"}, keep(func(p string) bool { return p == "connleak" })},
		{[]string{"-listenerleak", "-bodyleak"}, keep(func(p string) bool { return p != "connleak" })},
	} {
		t.Run(strings.Join(tc.flags, " "), func(t *testing.T) {
			t.Parallel() // each flag set is a cache key of its own: a cold run
			r := closewait(t, append(tc.flags, "./"+exampleDir)...)
			if r.code != exitLeaks {
				t.Fatalf("exit status %d, want %d\nstderr:\n%s", r.code, exitLeaks, r.stderr)
			}
			checkLines(t, parseText(r.stderr), tc.want)
		})
	}
}

// TestLoadErrors checks that patterns naming nothing, and packages that
// do not type-check, give exit status 1 and a message naming the problem,
// without the cascade of skipped analyses.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		want    []string
	}{
		{"./testdata/nonexistent", []string{"closewait: cannot load ./testdata/nonexistent", "directory not found"}},
		{"example.com/no/such/pkg", []string{"closewait: cannot load example.com/no/such/pkg", "example.com/no/such/pkg"}},
		{"./testdata/sarif/...", []string{"closewait: ./testdata/sarif/... matched no packages"}},
	} {
		t.Run(tc.pattern, func(t *testing.T) {
			r := closewait(t, tc.pattern)
			if r.code != exitFailure {
				t.Errorf("exit status %d, want %d", r.code, exitFailure)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
			checkNoNoise(t, r.stderr+r.stdout)
		})
	}
}

// TestTypeErrors checks a module with one package that does not
// type-check and one leaky package: the error names file and line, the
// leaky package is still analyzed, and the exit status is 1.
func TestTypeErrors(t *testing.T) {
	t.Parallel() // after the sequential tests, with the default cache warm
	warmDefaultCache(t)
	dir := t.TempDir()
	write := func(name, text string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/m\n\ngo 1.26\n")
	write("broken/broken.go", "package broken\n\nfunc F() int {\n\treturn undefinedName\n}\n")
	write("leaky/leaky.go", `package leaky

import "net/http"

func Status(url string) int {
	resp, err := http.Get(url) // LEAK(bodyleak)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
`)
	r := runIn(t, dir, closewaitBin, "./...")
	if r.code != exitFailure {
		t.Errorf("exit status %d, want %d", r.code, exitFailure)
	}
	if want := "broken/broken.go:4:9: undefined: undefinedName"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
	}
	checkLines(t, parseText(r.stderr), marks(t, dir, "leaky"))
	checkNoNoise(t, r.stderr)
}

// checkNoNoise fails if out shows a crash or the cascade of analyses
// skipped or failed because of a package's errors.
func checkNoNoise(t *testing.T, out string) {
	t.Helper()
	for _, bad := range []string{"panic:", "internal error", "analysis skipped", "failed prerequisites"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
}

// TestUsage checks -help and the errors of a bad command line.
func TestUsage(t *testing.T) {
	r := closewait(t, "-help")
	if r.code != exitNoLeaks {
		t.Errorf("-help: exit status %d, want 0", r.code)
	}
	for _, w := range []string{"CLOSE_WAIT", "closewait [flags] packages", "-vettool", "closewait sockets",
		"Examples:", "Exit status:", "-format", "connleak", "listenerleak", "bodyleak", "3  leaks found"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("-help output lacks %q", w)
		}
	}
	if r := closewait(t, "help", "connleak"); r.code != 0 || !strings.HasPrefix(r.stdout, "connleak: ") {
		t.Errorf("help connleak: exit %d, output:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "no packages to analyze"},
		{[]string{"./" + exampleDir, "-json"}, "flag -json after the packages"},
		{[]string{"-format=xml", "./" + exampleDir}, `unknown -format "xml"`},
		{[]string{"-json", "-format=sarif", "./" + exampleDir}, "-json conflicts with -format=sarif"},
		{[]string{"-nosuchflag", "./" + exampleDir}, "flag provided but not defined: -nosuchflag"},
		{[]string{"help", "nosuchpass"}, `no pass named "nosuchpass"`},
	} {
		r := closewait(t, tc.args...)
		if r.code != exitBadUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("closewait %s: exit %d, stderr %q; want exit %d and %q",
				strings.Join(tc.args, " "), r.code, r.stderr, exitBadUsage, tc.want)
		}
	}
}

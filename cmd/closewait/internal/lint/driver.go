package lint

import (
	"cmp"
	"fmt"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/closewait/closewait/cmd/closewait/internal/runner"
	"github.com/closewait/closewait/passes"
)

// run is the standalone command: it parses args, loads the packages,
// runs the selected passes and prints the findings in the chosen format.
// It returns the exit status.
func runCheck(args []string, stdout, stderr io.Writer) int {
	all := passes.All()
	o, code := parseCheckArgs(args, all, stdout, stderr)
	if o == nil {
		return code
	}
	if !o.loadFilters(stderr) {
		return exitFailure
	}
	return checkWith(o, stdout, stderr)
}

// checkWith analyzes o.patterns (in o.dir, if set), prints the findings
// in o.format and returns the exit status.
func checkWith(o *checkOptions, stdout, stderr io.Writer) int {
	o.stderr = stderr
	if f, ok := stderr.(*os.File); ok && runner.IsTerminal(f) {
		o.progress = stderr
	}
	if o.writeBaseline != "" {
		return recordBaseline([]*checkOptions{o}, stderr)
	}
	if o.fix {
		return runFix(o, stdout, stderr)
	}
	r := analyzePackages(o)
	for _, e := range r.errors {
		fmt.Fprintf(stderr, "closewait: %s\n", e)
	}
	r.printFiltered(o, stderr)
	var err error
	switch o.format {
	case "text":
		err = printCheckText(stderr, r, o.context)
	case "json":
		if r.run != nil {
			err = r.run.PrintJSON(stdout)
		}
	case "sarif":
		err = printSARIF(stdout, r)
	}
	if err != nil {
		fmt.Fprintf(stderr, "closewait: writing output: %v\n", err)
		return exitFailure
	}
	switch {
	case len(r.errors) > 0:
		return exitFailure
	case len(r.findings) > 0:
		return exitLeaks
	}
	return exitNoLeaks
}

// A checkResult is what one standalone run found.
type checkResult struct {
	analyzers []*analysis.Analyzer         // the passes that ran
	run       *runner.Result               // nil if the patterns could not be loaded
	findings  []checkFinding               // de-duplicated, sorted by position
	errors    []string                     // load and analysis errors, in order
	root      string                       // main module's directory, or the working directory
	mainFiles map[string]*packages.Package // the files -fix may change, see fixTarget

	inBaseline int // findings left out: in the -baseline file
	unchanged  int // findings left out: not on a line changed since -new-from-rev
	withheld   int // findings left out: withheld as uncertain (see setAsideWithheld)
}

// A checkFinding is one diagnostic of one pass.
type checkFinding struct {
	analyzer *analysis.Analyzer
	pkg      *packages.Package
	fset     *token.FileSet
	diag     analysis.Diagnostic
	posn     token.Position

	key         findingKey // what identifies it across unrelated edits
	fingerprint string     // key's hash and ordinal, as baselines and SARIF record it
}

// analyze loads o.patterns with go/packages and runs o.analyzers on every
// package that loaded without errors. Packages that fail to load or
// type-check are reported in result.errors, each error once.
func analyzePackages(o *checkOptions) *checkResult {
	r := &checkResult{analyzers: o.analyzers}
	r.root, _ = os.Getwd()

	res, err := runner.Run(runner.Options{
		Analyzers: o.analyzers, Patterns: o.patterns, Tests: o.tests, Dir: o.dir,
		CacheDir: o.cacheDir, Progress: o.progress,
		Warn: func(msg string) { fmt.Fprintf(o.stderr, "closewait: warning: %s\n", msg) },
	})
	if err != nil {
		r.errors = append(r.errors, fmt.Sprintf("cannot load %s: %v", strings.Join(o.patterns, " "), err))
		return r
	}
	pkgs := res.Packages
	if len(pkgs) == 0 {
		r.errors = append(r.errors, fmt.Sprintf("%s matched no packages", strings.Join(o.patterns, " ")))
		return r
	}
	errs, warnings := checkAcquireEntries(o.analyzers, pkgs)
	for _, w := range warnings {
		fmt.Fprintf(o.stderr, "closewait: warning: %s\n", w)
	}
	r.errors = append(r.errors, errs...)
	for _, p := range pkgs {
		if p.Module != nil && p.Module.Main && p.Module.Dir != "" {
			r.root = p.Module.Dir
			break
		}
	}
	seen := make(map[string]bool)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			if msg := loadError(p, e); !seen[msg] {
				seen[msg] = true
				r.errors = append(r.errors, msg)
			}
		}
	})
	named := make(map[string]bool)
	for _, s := range res.Skipped {
		// A package with its own errors is named by them; the others
		// (a dependency's errors, only tests) are named here, once for
		// the package and its test variants.
		name := basePkgPath(s.Package)
		if len(s.Package.Errors) > 0 || named[name] {
			continue
		}
		named[name] = true
		switch {
		case s.Dep != nil:
			r.errors = append(r.errors, fmt.Sprintf("%s: not analyzed: its dependency %s has errors (above)", name, s.Dep.PkgPath))
		case s.OnlyTests && hasWildcard(o.patterns):
			// As go build ./... skips a directory of tests, a pattern
			// that matched it by a wildcard is not an error: it is
			// named, and the run goes on.
			fmt.Fprintf(o.stderr, "closewait: warning: %s: not analyzed: it has only _test.go files, which -test=false leaves out\n", name)
		case s.OnlyTests:
			r.errors = append(r.errors, fmt.Sprintf("%s: not analyzed: it has only _test.go files, which -test=false leaves out", name))
		default:
			r.errors = append(r.errors, fmt.Sprintf("%s: not analyzed: %s", name, s.Reason))
		}
	}
	r.mainFiles = mainModuleFiles(pkgs)
	r.run = res
	r.collect()
	r.setAsideWithheld(o.listWithheld)
	r.setFingerprints()
	if o.base != nil {
		r.inBaseline = r.filter(func(f *checkFinding) bool { return !o.base.fingerprints[f.fingerprint] })
	}
	if o.changes != nil {
		r.unchanged = r.filter(o.changes.touches)
	}
	return r
}

// basePkgPath names p for the user: its package path, without the
// suffix of an external test package (_test) or of a test main (.test),
// so a package and its test variants have one name.
func basePkgPath(p *packages.Package) string {
	return strings.TrimSuffix(strings.TrimSuffix(p.PkgPath, ".test"), "_test")
}

// loadError words an error of package p for the user: a positioned error
// (a syntax or type error) as "file:line:col: message", anything else
// (a pattern naming no directory, an unknown import path) as
// "cannot load PKG: message".
func loadError(p *packages.Package, e packages.Error) string {
	if e.Pos != "" && e.Pos != "-" {
		return fmt.Sprintf("%s: %s", relToWD(e.Pos), e.Msg)
	}
	return fmt.Sprintf("cannot load %s: %s", p.ID, e.Msg)
}

// collect gathers the diagnostics of the graph's roots, de-duplicated by
// position and message (a file belongs both to a package and to its test
// variant), and the errors of actions whose prerequisites succeeded.
func (r *checkResult) collect() {
	type key struct {
		posn, end token.Position
		analyzer  *analysis.Analyzer
		message   string
	}
	seen := make(map[key]bool)
	notRun := make(map[string][]string) // package -> passes not run because a prerequisite failed
	var notRunOrder []string
	for _, act := range r.run.Actions {
		if act.Err != nil {
			if !act.DepFailed {
				r.errors = append(r.errors, fmt.Sprintf("%s: %v", act, act.Err))
			} else if act.IsRoot {
				name := basePkgPath(act.Package)
				if notRun[name] == nil {
					notRunOrder = append(notRunOrder, name)
				}
				if !slices.Contains(notRun[name], act.Analyzer.Name) {
					notRun[name] = append(notRun[name], act.Analyzer.Name)
				}
			}
			continue
		}
		if !act.IsRoot {
			continue
		}
		fset := r.run.Fset
		for _, d := range act.Diagnostics {
			k := key{fset.Position(d.Pos), fset.Position(d.End), act.Analyzer, d.Message}
			if seen[k] {
				continue
			}
			seen[k] = true
			r.findings = append(r.findings, checkFinding{analyzer: act.Analyzer, pkg: act.Package, fset: fset, diag: d, posn: k.posn})
		}
	}
	for _, name := range notRunOrder {
		r.errors = append(r.errors, fmt.Sprintf("%s: not analyzed by %s: the analysis of a package it needs failed (above)", name, strings.Join(notRun[name], ", ")))
	}
	slices.SortStableFunc(r.findings, func(a, b checkFinding) int {
		return cmp.Or(
			cmp.Compare(a.posn.Filename, b.posn.Filename),
			cmp.Compare(a.posn.Line, b.posn.Line),
			cmp.Compare(a.posn.Column, b.posn.Column),
			cmp.Compare(a.analyzer.Name, b.analyzer.Name),
			cmp.Compare(a.diag.Message, b.diag.Message))
	})
}

// printCheckText writes each finding as "file:line:col: message", followed by
// its related positions, indented, and by context lines if context >= 0.
func printCheckText(w io.Writer, r *checkResult, context int) error {
	var b strings.Builder
	for _, f := range r.findings {
		line := func(pos, end token.Pos, indent, msg string) {
			posn := f.fset.Position(pos)
			fmt.Fprintf(&b, "%s%s: %s\n", indent, relPositionString(posn), msg)
			if context >= 0 {
				writeSourceContext(&b, posn, f.fset.Position(end), context)
			}
		}
		line(f.diag.Pos, f.diag.End, "", f.diag.Message)
		for _, rel := range f.diag.Related {
			line(rel.Pos, rel.End, "\t", rel.Message)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeSourceContext writes the lines from posn to end with n lines around.
func writeSourceContext(b *strings.Builder, posn, end token.Position, n int) {
	if !end.IsValid() {
		end = posn
	}
	data, err := os.ReadFile(posn.Filename)
	if err != nil {
		return
	}
	lines := strings.Split(string(data), "\n")
	for i := max(posn.Line-n, 1); i <= min(end.Line+n, len(lines)); i++ {
		fmt.Fprintf(b, "%d\t%s\n", i, lines[i-1])
	}
}

// relPositionString is posn with its file name relative to the working
// directory when the file is under it.
func relPositionString(posn token.Position) string {
	posn.Filename = relToWD(posn.Filename)
	return posn.String()
}

// relToWD returns name relative to the working directory if name is
// under it (name may carry a ":line:col" suffix), and name otherwise.
func relToWD(name string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(name) {
		return name
	}
	rel, err := filepath.Rel(wd, name)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return name
	}
	return rel
}

// hasWildcard reports whether a pattern matches packages by a wildcard
// (./..., std, all, cmd) rather than naming them.
func hasWildcard(patterns []string) bool {
	for _, p := range patterns {
		if strings.Contains(p, "...") || p == "std" || p == "all" || p == "cmd" {
			return true
		}
	}
	return false
}

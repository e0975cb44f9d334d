// Command realleaks runs closewait on the real-leak regression corpus:
// leaks that public Go projects fixed, each case a function of a module
// at a version with the leak (bad) and one with the fix (good). It
// analyzes every module version of the cases in a scratch module of its
// own, judges each case, prints the verdicts and a summary, and compares
// them with results.golden. See README.md; run it with run.sh.
//
// Usage:
//
//	realleaks [-update | -check] [-md] [-only ID,…] [-kind KIND] [-j N]
//		[-cases DIR] [-golden FILE] [-cache DIR] [-closewait BINARY]
//
// The exit status is 0 on success, 1 when a case could not be judged or
// -check found a regression, and 2 on bad usage or a bad case or pins
// file.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("realleaks", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		update    = fs.Bool("update", false, "write the verdicts of this run to the golden file")
		check     = fs.Bool("check", false, "compare the verdicts with the golden file; exit 1 on a regression")
		md        = fs.Bool("md", false, "print the summary as a Markdown table on stdout (the case lines go to stderr)")
		only      = fs.String("only", "", "run only the cases with these comma-separated ids")
		kind      = fs.String("kind", "", "run only the cases of this kind: conn, body or listener")
		jobs      = fs.Int("j", 2, "analyze up to `N` module versions at a time")
		casesDir  = fs.String("cases", "cases", "directory of the case files (*.tsv)")
		golden    = fs.String("golden", "results.golden", "the golden verdicts `file`")
		cache     = fs.String("cache", defaultCache(), "directory of the scratch modules, reused between runs")
		closewait = fs.String("closewait", os.Getenv("CLOSEWAIT"), "the closewait `binary` (default $CLOSEWAIT)")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: realleaks [-update | -check] [-md] [-only ID,…] [-kind conn|body|listener] [-j N] [-cases DIR] [-golden FILE] [-cache DIR] [-closewait BINARY]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	usage := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "realleaks: "+format+"\n", args...)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *update && *check:
		return usage("-update and -check exclude each other")
	case *jobs < 1:
		return usage("-j %d: want at least 1", *jobs)
	case *kind != "" && passOf[*kind] == "":
		return usage("-kind %q: want conn, body or listener", *kind)
	case *closewait == "":
		return usage("no closewait binary: use -closewait or set CLOSEWAIT")
	}
	all, err := loadCases(*casesDir)
	if err != nil {
		return usage("%v", err)
	}
	pins, err := loadPins(*casesDir)
	if err == nil {
		err = checkPins(pins, all)
	}
	if err != nil {
		return usage("%v", err)
	}
	cases, err := selectCases(all, *only, *kind)
	if err != nil {
		return usage("%v", err)
	}
	var want map[string]verdict // the golden verdicts, with -check
	if *check {
		want, err = readGolden(*golden)
		if err == nil && len(want) == 0 {
			err = fmt.Errorf("%s has no verdicts: write it with -update first", *golden)
		}
	}
	bin, err1 := filepath.Abs(*closewait)
	cacheDir, err2 := filepath.Abs(*cache)
	if err = cmp.Or(err, err1, err2); err != nil {
		fmt.Fprintf(stderr, "realleaks: %v\n", err)
		return 1
	}

	as := analyzeAll(targets(cases, pins), *jobs, cacheDir, bin, stderr)
	var outs []*outcome
	for _, c := range cases {
		outs = append(outs, judge(c, as))
	}
	lines := stdout
	if *md {
		lines = stderr
	}
	printOutcomes(lines, outs)
	failures := 0
	for _, o := range outs {
		if o.failed() {
			failures++
			for _, r := range o.reasons {
				fmt.Fprintf(stderr, "realleaks: %s (%s): %s\n", o.c.ID, o.c.Pos, r)
			}
		}
	}
	if !*md {
		fmt.Fprintln(stdout)
	}
	printSummary(stdout, tallies(outs), *md)

	status := 0
	if failures > 0 {
		fmt.Fprintf(stderr, "realleaks: %d of %d cases could not be judged (error)\n", failures, len(outs))
		status = 1
	}
	switch {
	case *update:
		g, err := readGolden(*golden)
		if err == nil {
			ids := make(map[string]bool)
			for _, c := range all {
				ids[c.ID] = true
			}
			err = updateGolden(*golden, g, outs, ids)
		}
		if err != nil {
			fmt.Fprintf(stderr, "realleaks: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "realleaks: wrote the verdicts of %d cases to %s\n", len(outs), *golden)
	case *check:
		if !checkGolden(stderr, want, outs, len(cases) == len(all), *golden) {
			return 1 // a case that errors is a regression
		}
	}
	return status
}

// checkGolden prints the differences of outs from the golden verdicts g
// and reports whether there was no regression. With full set, it also
// names the golden ids that are no longer cases.
func checkGolden(w io.Writer, g map[string]verdict, outs []*outcome, full bool, name string) bool {
	regs, imps, changes := compare(g, outs)
	if full {
		ids := make(map[string]bool)
		for _, o := range outs {
			ids[o.c.ID] = true
		}
		for id := range g {
			if !ids[id] {
				changes = append(changes, fmt.Sprintf("%s: in %s but no longer a case", id, filepath.Base(name)))
			}
		}
	}
	slices.Sort(changes)
	for _, s := range regs {
		fmt.Fprintf(w, "realleaks: REGRESSION %s\n", s)
	}
	for _, s := range imps {
		fmt.Fprintf(w, "realleaks: improved %s\n", s)
	}
	for _, s := range changes {
		fmt.Fprintf(w, "realleaks: changed %s\n", s)
	}
	switch {
	case len(regs) > 0:
		fmt.Fprintf(w, "realleaks: %d regressions against %s\n", len(regs), name)
		return false
	case len(imps)+len(changes) > 0:
		fmt.Fprintf(w, "realleaks: no regression; accept the differences with: testdata/realleaks/run.sh -update\n")
	default:
		fmt.Fprintf(w, "realleaks: %d cases, as in %s\n", len(outs), name)
	}
	return true
}

// defaultCache is ${XDG_CACHE_HOME:-$HOME/.cache}/closewait-realleaks.
func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "closewait-realleaks")
}

// selectCases returns the cases whose id is in the comma-separated list
// only (all if empty) and whose kind is kind (all if empty).
func selectCases(all []*Case, only, kind string) ([]*Case, error) {
	want := make(map[string]bool)
	for _, id := range strings.Split(only, ",") {
		if id = strings.TrimSpace(id); id != "" {
			want[id] = true
		}
	}
	var cs []*Case
	for _, c := range all {
		if (len(want) == 0 || want[c.ID]) && (kind == "" || c.Kind == kind) {
			cs = append(cs, c)
		}
	}
	for _, c := range all {
		delete(want, c.ID)
	}
	if len(want) > 0 {
		return nil, fmt.Errorf("-only: no case %s", strings.Join(slices.Sorted(maps.Keys(want)), ", "))
	}
	if len(cs) == 0 {
		return nil, fmt.Errorf("no case selected")
	}
	return cs, nil
}

// analyzeAll analyzes the targets, jobs at a time, and returns their
// analyses keyed by module@version. It reports progress on w.
func analyzeAll(ts []*target, jobs int, cache, closewait string, w io.Writer) map[string]*analysis {
	as := make(map[string]*analysis)
	var mu sync.Mutex
	work := make(chan *target)
	var wg sync.WaitGroup
	for range min(jobs, len(ts)) {
		wg.Go(func() {
			for t := range work {
				start := time.Now()
				a := analyze(t, cache, closewait)
				mu.Lock()
				as[t.String()] = a
				status := fmt.Sprintf("%d findings", len(a.findings))
				if a.err != nil {
					status = "error"
				}
				fmt.Fprintf(w, "realleaks: [%d/%d] %s: %d packages, %s, %.0fs\n",
					len(as), len(ts), t, len(t.packages), status, time.Since(start).Seconds())
				mu.Unlock()
			}
		})
	}
	for _, t := range ts {
		work <- t
	}
	close(work)
	wg.Wait()
	return as
}

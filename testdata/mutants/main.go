// Command mutants runs the mutation benchmark: real functions of the
// corpus's modules that close a conn, a listener or a response body,
// each with one closing statement removed where that leaks (mutants.tsv).
// For each module version it analyzes a writable copy, unmutated (the
// control) and with the mutants applied in batches, judges each mutant
// (exact, func or missed) and its control (clean or flagged), prints the
// verdicts and the tables by kind, source and class, and compares them
// with results.golden. See README.md; run it with run.sh.
//
// Usage:
//
//	mutants [-update | -check] [-md] [-subset] [-only ID,…]
//		[-mutants FILE] [-golden FILE] [-cache DIR] [-closewait BINARY]
//
// The exit status is 0 on success, 1 when a mutant could not be judged or
// -check found a regression, and 2 on bad usage or a bad mutant file.
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mutants", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		update    = fs.Bool("update", false, "write the verdicts of this run to the golden file")
		check     = fs.Bool("check", false, "compare the verdicts with the golden file; exit 1 on a regression")
		md        = fs.Bool("md", false, "print the tables in Markdown on stdout (the mutant lines go to stderr)")
		subset    = fs.Bool("subset", false, "run only the mutants listed in the subset file")
		subsetF   = fs.String("subset-file", "subset.txt", "the subset `file`: one id a line")
		only      = fs.String("only", "", "run only the mutants with these comma-separated ids")
		mutantsF  = fs.String("mutants", "mutants.tsv", "the mutant `file`")
		golden    = fs.String("golden", "results.golden", "the golden verdicts `file`")
		cache     = fs.String("cache", defaultCache(), "directory of the scratch modules, reused between runs")
		corpus    = fs.String("corpus", "../corpus", "the corpus module's `directory` (its go.mod gives the build list)")
		closewait = fs.String("closewait", os.Getenv("CLOSEWAIT"), "the closewait `binary` (default $CLOSEWAIT)")
	)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mutants [-update | -check] [-md] [-subset] [-only ID,…] [-mutants FILE] [-golden FILE] [-cache DIR] [-corpus DIR] [-closewait BINARY]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	usage := func(format string, args ...any) int {
		fmt.Fprintf(stderr, "mutants: "+format+"\n", args...)
		return 2
	}
	switch {
	case fs.NArg() > 0:
		return usage("unexpected argument %q", fs.Arg(0))
	case *update && *check:
		return usage("-update and -check exclude each other")
	case *closewait == "":
		return usage("no closewait binary: use -closewait or set CLOSEWAIT")
	}
	all, err := loadMutants(*mutantsF)
	if err != nil {
		return usage("%v", err)
	}
	ids := *only
	if *subset {
		sub, err := readIDs(*subsetF)
		if err != nil {
			return usage("%v", err)
		}
		ids = strings.Join(append(sub, strings.Split(ids, ",")...), ",")
	}
	ms, err := selectMutants(all, ids)
	if err != nil {
		return usage("%v", err)
	}
	var want map[string]verdict
	if *check {
		if want, err = readGolden(*golden); err == nil && len(want) == 0 {
			err = fmt.Errorf("%s has no verdicts: write it with -update first", *golden)
		}
	}
	bin, err1 := filepath.Abs(*closewait)
	cacheDir, err2 := filepath.Abs(*cache)
	corpusDir, err3 := filepath.Abs(*corpus)
	if err = cmp.Or(err, err1, err2, err3); err != nil {
		fmt.Fprintf(stderr, "mutants: %v\n", err)
		return 1
	}
	b := &bench{cache: cacheDir, corpus: corpusDir, root: filepath.Dir(filepath.Dir(corpusDir)), closewait: bin, log: stderr}
	var outs []*outcome
	for _, group := range byModule(ms) {
		outs = append(outs, b.runModule(group)...)
	}
	slices.SortFunc(outs, func(a, b *outcome) int { return strings.Compare(a.m.ID, b.m.ID) })

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
				fmt.Fprintf(stderr, "mutants: %s (%s): %s\n", o.m.ID, o.m.Pos, r)
			}
		}
	}
	fmt.Fprintln(lines)
	printTables(stdout, outs, *md)
	status := 0
	if failures > 0 {
		fmt.Fprintf(stderr, "mutants: %d of %d mutants could not be judged (error)\n", failures, len(outs))
		status = 1
	}
	switch {
	case *update:
		g, err := readGolden(*golden)
		if err == nil {
			known := make(map[string]bool)
			for _, m := range all {
				known[m.ID] = true
			}
			err = updateGolden(*golden, g, outs, known)
		}
		if err != nil {
			fmt.Fprintf(stderr, "mutants: %v\n", err)
			return 1
		}
		fmt.Fprintf(stderr, "mutants: wrote the verdicts of %d mutants to %s\n", len(outs), *golden)
	case *check:
		if !checkGolden(stderr, want, outs, *golden) {
			return 1
		}
	}
	return status
}

// checkGolden prints the differences from the golden verdicts and
// reports whether there was no regression.
func checkGolden(w io.Writer, g map[string]verdict, outs []*outcome, name string) bool {
	regs, imps, changes := compare(g, outs)
	for _, s := range regs {
		fmt.Fprintf(w, "mutants: REGRESSION %s\n", s)
	}
	for _, s := range imps {
		fmt.Fprintf(w, "mutants: improved %s\n", s)
	}
	for _, s := range changes {
		fmt.Fprintf(w, "mutants: changed %s\n", s)
	}
	switch {
	case len(regs) > 0:
		fmt.Fprintf(w, "mutants: %d regressions against %s\n", len(regs), name)
		return false
	case len(imps)+len(changes) > 0:
		fmt.Fprintf(w, "mutants: no regression; accept the differences with: testdata/mutants/run.sh -update\n")
	default:
		fmt.Fprintf(w, "mutants: %d mutants, as in %s\n", len(outs), name)
	}
	return true
}

// defaultCache is ${XDG_CACHE_HOME:-$HOME/.cache}/closewait-mutants.
func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "closewait-mutants")
}

// readIDs reads a list of ids: one a line, # comments.
func readIDs(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var ids []string
	for l := range strings.Lines(string(data)) {
		if l, _, _ = strings.Cut(l, "#"); strings.TrimSpace(l) != "" {
			ids = append(ids, strings.TrimSpace(l))
		}
	}
	return ids, nil
}

// selectMutants returns the mutants whose id is in the comma-separated
// list ids (all when it is empty).
func selectMutants(all []*Mutant, ids string) ([]*Mutant, error) {
	want := make(map[string]bool)
	for _, id := range strings.Split(ids, ",") {
		if id = strings.TrimSpace(id); id != "" {
			want[id] = true
		}
	}
	if len(want) == 0 {
		return all, nil
	}
	var ms []*Mutant
	for _, m := range all {
		if want[m.ID] {
			ms = append(ms, m)
			delete(want, m.ID)
		}
	}
	if len(want) > 0 {
		var missing []string
		for id := range want {
			missing = append(missing, id)
		}
		slices.Sort(missing)
		return nil, fmt.Errorf("no mutant %s", strings.Join(missing, ", "))
	}
	return ms, nil
}

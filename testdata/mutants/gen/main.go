// Command gen proposes the mutants of the mutation benchmark: in the
// packages of the corpus (testdata/corpus/packages.txt), every closing
// statement of a conn, a listener or a response body whose removal the
// rules of find.go and paths.go judge to leak, with why, and the ones
// they reject, with why not. It writes candidates to -out and the
// rejected ones to -rejected, as tab-separated lines. The candidates are
// then read, and the accepted ones copied to mutants.tsv (see README.md).
//
// Usage:
//
//	gen [-corpus DIR] [-out FILE] [-rejected FILE] [package…]
//	gen -pick CANDIDATES [-exclude FILE] -out mutants.tsv
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

func main() {
	corpus := flag.String("corpus", "../corpus", "the corpus module's `directory`")
	out := flag.String("out", "candidates.tsv", "write the candidates to `file`")
	rejected := flag.String("rejected", "", "write the rejected candidates to `file`")
	pickFrom := flag.String("pick", "", "pick the mutants from the candidate `file` and write them to -out")
	exclude := flag.String("exclude", "", "with -pick, leave out the candidates of this `file` (module, file, line, reason)")
	flag.Parse()
	if *pickFrom != "" {
		if err := runPick(*pickFrom, *exclude, *out); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*corpus, *out, *rejected, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(corpus, out, rejected string, pkgs []string) error {
	if len(pkgs) == 0 {
		var err error
		if pkgs, err = readPackages(filepath.Join(corpus, "packages.txt")); err != nil {
			return err
		}
	}
	listed, err := goList(corpus, nil, pkgs)
	if err != nil {
		return err
	}
	// Only packages that close something are type-checked.
	var keep []string
	for _, p := range listed {
		if p.Error == nil && p.Module != nil && closesSomething(p) {
			keep = append(keep, p.ImportPath)
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d of %d packages close something\n", len(keep), len(listed))
	l, all, err := newLoader(corpus, append(keep, "net", "net/http"))
	if err != nil {
		return err
	}
	k, err := newKinds(l.imp)
	if err != nil {
		return err
	}
	w := newWorld(l, k)
	var cands []candidate
	for _, p := range all {
		if !slices.Contains(keep, p.ImportPath) {
			continue
		}
		c := w.classifier(p.ImportPath)
		if c == nil {
			fmt.Fprintf(os.Stderr, "gen: %s does not load\n", p.ImportPath)
			continue
		}
		cands = append(cands, findCandidates(c, k)...)
	}
	var good, bad []candidate
	for _, c := range cands {
		if c.Reject == "" {
			good = append(good, c)
		} else {
			bad = append(bad, c)
		}
	}
	fmt.Fprintf(os.Stderr, "gen: %d candidates, %d rejected by the rules\n", len(good), len(bad))
	if err := writeCandidates(out, good); err != nil {
		return err
	}
	if rejected != "" {
		return writeCandidates(rejected, bad)
	}
	return nil
}

// runPick picks the mutants of the candidate file from and writes them
// to out.
func runPick(from, exclude, out string) error {
	cs, err := readCandidates(from)
	if err != nil {
		return err
	}
	ex, err := readExclusions(exclude)
	if err != nil {
		return err
	}
	ms := pick(cs, ex)
	fmt.Fprintf(os.Stderr, "gen: picked %d of %d candidates (%d excluded on reading)\n", len(ms), len(cs), len(ex))
	return writeMutants(out, ms)
}

// readPackages reads a package list: one import path a line, # comments.
func readPackages(name string) ([]string, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var pkgs []string
	for l := range strings.Lines(string(data)) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			pkgs = append(pkgs, l)
		}
	}
	return pkgs, nil
}

// closesSomething reports whether a file of p mentions .Close() at all:
// a cheap filter before type-checking.
func closesSomething(p *listedPackage) bool {
	for _, name := range p.GoFiles {
		data, err := os.ReadFile(filepath.Join(p.Dir, name))
		if err == nil && strings.Contains(string(data), ".Close()") {
			return true
		}
	}
	return false
}

// candidateHeader is the header line of the candidate files.
const candidateHeader = "# kind\tsource\tclass\tmodule\tversion\tpackage\tfile\tfunc\tacq\tremoved\tstmt\tstub\tcallee\twhy"

// writeCandidates writes cs, sorted, one tab-separated line each; a
// rejected candidate's why is its reason.
func writeCandidates(name string, cs []candidate) error {
	slices.SortFunc(cs, func(a, b candidate) int {
		return strings.Compare(fmt.Sprintf("%s %s %08d", a.Package, a.File, a.Removed), fmt.Sprintf("%s %s %08d", b.Package, b.File, b.Removed))
	})
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, candidateHeader)
	for _, c := range cs {
		why := c.Why
		if c.Reject != "" {
			why = "REJECT: " + c.Reject
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n",
			c.Kind, c.Source, c.Class, c.Module, c.Version, c.Package, c.File, c.Func, c.Acq, c.Removed, c.Stmt, c.Stub, c.Callee, why)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
)

// An outcome is the verdict on one case.
type outcome struct {
	c             *Case
	before, after string   // exact, func, missed or error; clean, flagged or error
	reasons       []string // why a side is an error
}

// judge judges c from the analyses of its bad and good versions, keyed
// by module@version.
func judge(c *Case, as map[string]*analysis) *outcome {
	o := &outcome{c: c}
	pass := passOf[c.Kind]
	side := func(version string, line int) (fs []finding, file string, sp span, ok bool) {
		a := as[c.Module+"@"+version]
		fail := func(format string, args ...any) {
			o.reasons = append(o.reasons, fmt.Sprintf("%s@%s: ", c.Module, version)+fmt.Sprintf(format, args...))
		}
		switch {
		case a == nil:
			fail("not analyzed")
			return
		case a.err != nil:
			fail("%v", a.err)
			return
		case a.pkgErrs[c.Package] != "":
			fail("analysis error in %s: %s", c.Package, a.pkgErrs[c.Package])
			return
		}
		file = filepath.Join(a.dir, filepath.FromSlash(c.File))
		sp, err := findFunc(file, c.Func)
		if err != nil {
			fail("%v", err)
			return
		}
		if line > 0 && !sp.contains(line) {
			fail("line %d is not in func %s (lines %d-%d of %s)", line, c.Func, sp.first, sp.last, c.File)
			return
		}
		return a.findings, file, sp, true
	}
	o.before, o.after = failed, failed
	if fs, file, sp, ok := side(c.Bad, c.Line); ok {
		o.before = judgeBefore(fs, pass, file, sp, c.Line)
	}
	if fs, file, sp, ok := side(c.Good, 0); ok {
		o.after = judgeAfter(fs, pass, file, sp)
	}
	return o
}

func (o *outcome) failed() bool { return o.before == failed || o.after == failed }

// printOutcomes prints one aligned line per case: id kind path before after.
func printOutcomes(w io.Writer, outs []*outcome) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tkind\tpath\tbefore\tafter")
	for _, o := range outs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", o.c.ID, o.c.Kind, o.c.Path, o.before, o.after)
	}
	tw.Flush()
}

// A tally counts the verdicts of a set of cases.
type tally struct {
	name                  string
	cases, errors         int
	exact, inFunc, missed int
	clean, flagged        int
}

// tallies returns the tally of each kind that has cases, then that of
// all cases.
func tallies(outs []*outcome) []*tally {
	var ts []*tally
	for _, k := range append(kinds, "total") {
		t := &tally{name: k}
		for _, o := range outs {
			if k != "total" && o.c.Kind != k {
				continue
			}
			t.cases++
			if o.failed() {
				t.errors++
			}
			switch o.before {
			case exact:
				t.exact++
			case inFunc:
				t.inFunc++
			case missed:
				t.missed++
			}
			switch o.after {
			case clean:
				t.clean++
			case flagged:
				t.flagged++
			}
		}
		if t.cases > 0 || k == "total" {
			ts = append(ts, t)
		}
	}
	return ts
}

// percent returns n/d as a percentage, or "-" when d is 0.
func percent(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(d))
}

// summaryRows returns the header and the rows of the summary table.
// Recall is over the cases judged before, clean after over those judged
// after: a case that errors counts in neither.
func summaryRows(ts []*tally) [][]string {
	rows := [][]string{{"kind", "cases", "errors", "flagged before", "exact line", "recall", "clean after"}}
	for _, t := range ts {
		hit := t.exact + t.inFunc
		rows = append(rows, []string{
			t.name, fmt.Sprint(t.cases), fmt.Sprint(t.errors),
			fmt.Sprint(hit), fmt.Sprint(t.exact),
			percent(hit, hit+t.missed), percent(t.clean, t.clean+t.flagged),
		})
	}
	return rows
}

// printSummary prints the summary as an aligned table, or as a Markdown
// table if md is set.
func printSummary(w io.Writer, ts []*tally, md bool) {
	rows := summaryRows(ts)
	if md {
		for i, r := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
			if i == 0 {
				fmt.Fprintf(w, "| --- |%s\n", strings.Repeat(" ---: |", len(r)-1))
			}
		}
		return
	}
	// The kind column is aligned left, the numbers right.
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	for _, r := range rows {
		line := fmt.Sprintf("%-*s", width[0], r[0])
		for i, c := range r[1:] {
			line += fmt.Sprintf("  %*s", width[i+1], c)
		}
		fmt.Fprintln(w, line)
	}
}

package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// An outcome is the verdict on one mutant and on its control.
type outcome struct {
	m               *Mutant
	mutant, control string   // exact, func, missed or error; clean, flagged or error
	reasons         []string // why a side is an error
	generated       bool     // the mutant's file is marked generated
}

func (o *outcome) failed() bool { return o.mutant == failed || o.control == failed }

// printOutcomes prints one aligned line per mutant.
func printOutcomes(w io.Writer, outs []*outcome) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tkind\tsource\tclass\tmutant\tcontrol")
	for _, o := range outs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.m.ID, o.m.Kind, o.m.Source, o.m.Class, o.mutant, o.control)
	}
	tw.Flush()
}

// A tally counts the verdicts of a set of mutants.
type tally struct {
	name                  string
	mutants, errors       int
	exact, inFunc, missed int
	clean, flagged        int
}

// tallyBy returns one tally per value of a column (in the order given,
// those with mutants only).
func tallyBy(outs []*outcome, values []string, col func(*Mutant) string) []*tally {
	var ts []*tally
	for _, v := range values {
		t := tallyOf(v, outs, func(m *Mutant) bool { return col(m) == v })
		if t.mutants > 0 {
			ts = append(ts, t)
		}
	}
	return ts
}

func tallyOf(name string, outs []*outcome, keep func(*Mutant) bool) *tally {
	t := &tally{name: name}
	for _, o := range outs {
		if !keep(o.m) {
			continue
		}
		t.mutants++
		if o.failed() {
			t.errors++
		}
		switch o.mutant {
		case exact:
			t.exact++
		case inFunc:
			t.inFunc++
		case missed:
			t.missed++
		}
		switch o.control {
		case clean:
			t.clean++
		case flagged:
			t.flagged++
		}
	}
	return t
}

// handWritten tallies the mutants outside files marked generated (the
// figure for -closewait.generated=false).
func handWritten(outs []*outcome) *tally {
	gen := make(map[*Mutant]bool)
	for _, o := range outs {
		gen[o.m] = o.generated
	}
	return tallyOf("not generated", outs, func(m *Mutant) bool { return !gen[m] })
}

// percent returns n/d as a percentage, or "-" when d is 0.
func percent(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*float64(n)/float64(d))
}

// printTables prints the summary by kind, source and class, and overall,
// as aligned text or as Markdown tables.
func printTables(w io.Writer, outs []*outcome, md bool) {
	all := tallyOf("total", outs, func(*Mutant) bool { return true })
	groups := []struct {
		title string
		ts    []*tally
	}{
		{"kind", append(tallyBy(outs, kinds, func(m *Mutant) string { return m.Kind }), all, handWritten(outs))},
		{"source", append(tallyBy(outs, sources, func(m *Mutant) string { return m.Source }), all)},
		{"class", append(tallyBy(outs, classes, func(m *Mutant) string { return m.Class }), all)},
	}
	for i, g := range groups {
		if i > 0 {
			fmt.Fprintln(w)
		}
		rows := [][]string{{g.title, "mutants", "errors", "detected", "exact line", "recall", "controls clean"}}
		for _, t := range g.ts {
			hit := t.exact + t.inFunc
			name := t.name
			if md && name == "total" {
				name = "**total**"
			}
			rows = append(rows, []string{name, fmt.Sprint(t.mutants), fmt.Sprint(t.errors), fmt.Sprint(hit), fmt.Sprint(t.exact),
				percent(hit, hit+t.missed), fmt.Sprintf("%d of %d", t.clean, t.clean+t.flagged)})
		}
		printRows(w, rows, md)
	}
}

// printRows prints a table, the first column aligned left.
func printRows(w io.Writer, rows [][]string, md bool) {
	if md {
		for i, r := range rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(r, " | "))
			if i == 0 {
				fmt.Fprintf(w, "| --- |%s\n", strings.Repeat(" ---: |", len(r)-1))
			}
		}
		return
	}
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

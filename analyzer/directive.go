package analyzer

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// ignorePrefix starts a suppression comment: //closewait:ignore <reason>
// (or // closewait:ignore, as gofmt-minded editors write it), on the
// acquiring line or on the line above it.
const ignorePrefix = "closewait:ignore"

// A Directive is a //closewait:ignore comment.
type Directive struct {
	Pos    token.Pos
	Reason string // the text after the directive; it must not be empty
	Used   bool   // whether it silenced a leak
}

// parseDirectives returns the //closewait:ignore comments in files.
func parseDirectives(files []*ast.File) []*Directive {
	var dirs []*Directive
	for _, f := range files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text, ok := strings.CutPrefix(c.Text, "//")
				if !ok {
					continue
				}
				rest, ok := strings.CutPrefix(strings.TrimLeft(text, " \t"), ignorePrefix)
				if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
					continue
				}
				dirs = append(dirs, &Directive{Pos: c.Pos(), Reason: strings.TrimSpace(rest)})
			}
		}
	}
	return dirs
}

// suppress drops the leaks that a directive with a reason covers and
// marks those directives used.
func suppress(fset *token.FileSet, leaks []*Leak, dirs []*Directive) []*Leak {
	if len(dirs) == 0 {
		return leaks
	}
	silencing := silencer(fset, dirs)
	kept := leaks[:0]
	for _, l := range leaks {
		if d := silencing(l.Call); d != nil {
			d.Used = true
			continue
		}
		kept = append(kept, l)
	}
	return kept
}

// Silencing returns the function that finds the //closewait:ignore
// directive of pass's package that silences a finding at a position, or
// nil: the suppression rule of every pass, the engine's leaks included.
// It marks nothing used: a pass that reports findings of its own keeps
// count of the directives it used (passes run concurrently).
func Silencing(pass *analysis.Pass) func(pos token.Pos) *Directive {
	return silencer(pass.Fset, Directives(pass))
}

// silencer returns the function that finds the directive that silences a
// finding at a position: one on its line or, failing that, on the line
// above, and only if it gives a reason (without one it silences nothing,
// even where ignorecheck does not run).
func silencer(fset *token.FileSet, dirs []*Directive) func(pos token.Pos) *Directive {
	type fileLine struct {
		file string
		line int
	}
	at := make(map[fileLine]*Directive)
	for _, d := range dirs {
		p := fset.Position(d.Pos)
		at[fileLine{p.Filename, p.Line}] = d
	}
	return func(pos token.Pos) *Directive {
		p := fset.Position(pos)
		d := at[fileLine{p.Filename, p.Line}]
		if d == nil {
			d = at[fileLine{p.Filename, p.Line - 1}]
		}
		if d == nil || d.Reason == "" {
			return nil
		}
		return d
	}
}

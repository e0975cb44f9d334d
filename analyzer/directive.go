package analyzer

import (
	"go/ast"
	"go/token"
	"strings"
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
	type fileLine struct {
		file string
		line int
	}
	at := make(map[fileLine]*Directive)
	for _, d := range dirs {
		p := fset.Position(d.Pos)
		at[fileLine{p.Filename, p.Line}] = d
	}
	kept := leaks[:0]
	for _, l := range leaks {
		p := fset.Position(l.Call)
		d := at[fileLine{p.Filename, p.Line}]
		if d == nil {
			d = at[fileLine{p.Filename, p.Line - 1}]
		}
		if d != nil && d.Reason != "" { // without a reason it silences nothing, even where ignorecheck does not run
			d.Used = true
			continue
		}
		kept = append(kept, l)
	}
	return kept
}

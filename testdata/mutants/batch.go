package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// A callGraph maps each function or method name of a module to the names
// it calls. Names stand for every function of that name (methods of any
// type, in any package): an over-approximation, so that two mutants put
// in one run never meet through a call.
type callGraph map[string]map[string]bool

// moduleCalls parses the non-test Go files under dir (a module copy) and
// returns their call graph by name. Files that do not parse are skipped.
func moduleCalls(dir string) callGraph {
	g := make(callGraph)
	fset := token.NewFileSet()
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			calls := g[fd.Name.Name]
			if calls == nil {
				calls = make(map[string]bool)
				g[fd.Name.Name] = calls
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.Ident:
					calls[n.Name] = true // a call, or a function used as a value
				case *ast.SelectorExpr:
					calls[n.Sel.Name] = true
				}
				return true
			})
		}
		return nil
	})
	return g
}

// reaches reports whether a function named from may call one named to,
// directly or through others.
func (g callGraph) reaches(from, to string) bool {
	seen := map[string]bool{from: true}
	work := []string{from}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		for c := range g[n] {
			if c == to {
				return true
			}
			if !seen[c] {
				seen[c] = true
				work = append(work, c)
			}
		}
	}
	return false
}

// funcName returns the name of a func spec without its receiver.
func funcName(spec string) string {
	if i := strings.LastIndexByte(spec, '.'); i >= 0 {
		return spec[i+1:]
	}
	return spec
}

// batches splits the mutants of one module into runs: two mutants share
// a run only when they are in different functions and neither function
// may call the other. Each run is judged against the same control.
func batches(ms []*Mutant, g callGraph) [][]*Mutant {
	var out [][]*Mutant
	for _, m := range ms {
		placed := false
		for i, b := range out {
			if slices.IndexFunc(b, func(o *Mutant) bool { return interact(m, o, g) }) < 0 {
				out[i] = append(b, m)
				placed = true
				break
			}
		}
		if !placed {
			out = append(out, []*Mutant{m})
		}
	}
	return out
}

// interact reports whether two mutants may change each other's verdict.
func interact(a, b *Mutant, g callGraph) bool {
	if a.Package == b.Package && a.File == b.File && a.Func == b.Func {
		return true
	}
	fa, fb := funcName(a.Func), funcName(b.Func)
	return fa == fb || g.reaches(fa, fb) || g.reaches(fb, fa)
}

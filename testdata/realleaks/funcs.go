package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// A span is the lines of a declared function, from its func keyword to
// its closing brace, both included.
type span struct{ first, last int }

func (s span) contains(line int) bool { return s.first <= line && line <= s.last }

// findFunc returns the span of the function spec (Name, (*T).Name or
// (T).Name) declared in the Go file filename. The receiver must match
// exactly: (*T).Name does not find a method with a value receiver, and
// Name does not find a method.
func findFunc(filename, spec string) (span, error) {
	m := funcRx.FindStringSubmatch(spec)
	if m == nil {
		return span{}, fmt.Errorf("func %q is not Name, (*T).Name or (T).Name", spec)
	}
	star, recv, name := m[1] == "*", m[2], m[3]
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, nil, parser.SkipObjectResolution)
	if err != nil {
		return span{}, err
	}
	var found []*ast.FuncDecl
	var others []string // the funcs of the same name, for the error
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Name.Name != name {
			continue
		}
		s, t := false, ""
		if fd.Recv != nil && len(fd.Recv.List) > 0 {
			if s, t = receiver(fd.Recv.List[0].Type); t == "" {
				t = "?" // not a method of a named type: never matches
			}
		}
		if s == star && t == recv {
			found = append(found, fd)
		} else {
			others = append(others, funcSpec(s, t, name))
		}
	}
	switch len(found) {
	case 0:
		if len(others) > 0 {
			return span{}, fmt.Errorf("no func %s in %s (there is %s)", spec, filename, strings.Join(others, ", "))
		}
		return span{}, fmt.Errorf("no func %s in %s", spec, filename)
	case 1:
		return span{fset.Position(found[0].Pos()).Line, fset.Position(found[0].End()).Line}, nil
	}
	return span{}, fmt.Errorf("%d funcs %s in %s", len(found), spec, filename)
}

// funcSpec formats a func as the func column does.
func funcSpec(star bool, recv, name string) string {
	switch {
	case recv == "":
		return name
	case star:
		return "(*" + recv + ")." + name
	}
	return "(" + recv + ")." + name
}

// receiver returns whether the receiver type expression is a pointer and
// the name of its base type, without type parameters: *T[K] is true, "T".
func receiver(x ast.Expr) (star bool, name string) {
	if p, ok := x.(*ast.ParenExpr); ok {
		return receiver(p.X)
	}
	if s, ok := x.(*ast.StarExpr); ok {
		x, star = s.X, true
		for {
			p, ok := x.(*ast.ParenExpr)
			if !ok {
				break
			}
			x = p.X
		}
	}
	switch t := x.(type) {
	case *ast.IndexExpr:
		x = t.X
	case *ast.IndexListExpr:
		x = t.X
	}
	if id, ok := x.(*ast.Ident); ok {
		return star, id.Name
	}
	return star, ""
}

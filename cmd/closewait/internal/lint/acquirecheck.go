package lint

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// checkAcquireEntries checks each entry of the engine's -closewait.acquire
// flag (FUNC:RESULT:KIND, FUNC as types.Func.FullName spells it) against
// the packages loaded: the engine matches an entry by name only, so an
// entry with a typo, a receiver without (or with) its star, or a result
// the function does not have would silently match nothing. It returns
// the errors (an entry that names a package of the run, but no such
// function or result) and the warnings (an entry whose package is not
// in the run at all, which cannot be checked, nor match).
func checkAcquireEntries(analyzers []*analysis.Analyzer, pkgs []*packages.Package) (errs, warnings []string) {
	value := ""
	for _, a := range closureOf(analyzers) {
		if f := a.Flags.Lookup("acquire"); f != nil && a.Name == "closewait" {
			value = f.Value.String()
		}
	}
	if value == "" {
		return nil, nil
	}
	byPath := make(map[string]*packages.Package)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if _, ok := byPath[p.PkgPath]; !ok || len(p.CompiledGoFiles) > len(byPath[p.PkgPath].CompiledGoFiles) {
			byPath[p.PkgPath] = p
		}
	})
	for _, entry := range strings.Split(value, ",") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		name, _, _ := cutLastColon(entry)
		name, index, _ := cutLastColon(name)
		result, err := strconv.Atoi(index)
		if err != nil {
			continue // the flag itself rejects it
		}
		fn, err := parseFuncName(name)
		if err != nil {
			errs = append(errs, fmt.Sprintf("-closewait.acquire entry %q: %v", entry, err))
			continue
		}
		p := byPath[fn.pkg]
		if p == nil {
			warnings = append(warnings, fmt.Sprintf("-closewait.acquire entry %q: package %s is not among the packages analyzed or their dependencies, so the entry matches nothing in this run", entry, fn.pkg))
			continue
		}
		if why := fn.check(p, result); why != "" {
			errs = append(errs, fmt.Sprintf("-closewait.acquire entry %q: %s", entry, why))
		}
	}
	return errs, warnings
}

// closureOf returns analyzers and their requirements.
func closureOf(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
			for _, r := range a.Requires {
				visit(r)
			}
		}
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}

func cutLastColon(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// A funcName is a function's full name, parsed: "pkg.F", "(pkg.T).M" or
// "(*pkg.T).M".
type funcName struct {
	pkg, recv, name string
	ptr             bool
}

func (f funcName) String() string {
	if f.recv == "" {
		return f.pkg + "." + f.name
	}
	star := ""
	if f.ptr {
		star = "*"
	}
	return fmt.Sprintf("(%s%s.%s).%s", star, f.pkg, f.recv, f.name)
}

// parseFuncName parses a function's full name as types.Func.FullName
// spells it.
func parseFuncName(s string) (funcName, error) {
	var f funcName
	if strings.HasPrefix(s, "(") {
		recv, name, ok := strings.Cut(s[1:], ").")
		if !ok || name == "" || strings.ContainsAny(name, ".()") {
			return f, fmt.Errorf("%q is not a method's full name, (pkg.T).M or (*pkg.T).M", s)
		}
		f.name = name
		if r, ok := strings.CutPrefix(recv, "*"); ok {
			f.ptr, recv = true, r
		}
		if i := strings.IndexByte(recv, '['); i >= 0 {
			recv = recv[:i] // a generic type's parameters
		}
		i := strings.LastIndexByte(recv, '.')
		if i <= 0 || i == len(recv)-1 {
			return f, fmt.Errorf("%q names no package-qualified receiver type", s)
		}
		f.pkg, f.recv = recv[:i], recv[i+1:]
		return f, nil
	}
	i := strings.LastIndexByte(s, '.')
	if i <= 0 || i == len(s)-1 || strings.ContainsAny(s, "()") {
		return f, fmt.Errorf("%q is not a function's full name, pkg.F (for a method, (pkg.T).M or (*pkg.T).M)", s)
	}
	f.pkg, f.name = s[:i], s[i+1:]
	return f, nil
}

// check returns why f, in package p, with result index result, matches
// nothing, or "" if it names a function that has that result.
func (f funcName) check(p *packages.Package, result int) string {
	fset := token.NewFileSet()
	var wrongRecv string // a method of that name on T with the other receiver
	var iface bool       // T is an interface type with a method of that name
	found := -1          // the function's number of results
	for _, name := range p.CompiledGoFiles {
		file, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil && file == nil {
			continue
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Name.Name != f.name || (d.Recv == nil) != (f.recv == "") {
					continue
				}
				if d.Recv == nil {
					found = countResults(d.Type)
					continue
				}
				if len(d.Recv.List) != 1 {
					continue
				}
				rt := receiverType(d.Recv.List[0].Type)
				if strings.TrimPrefix(rt, "*") != f.recv {
					continue
				}
				if strings.HasPrefix(rt, "*") == f.ptr {
					found = countResults(d.Type)
				} else {
					wrongRecv = rt
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok || ts.Name.Name != f.recv {
						continue
					}
					it, ok := ts.Type.(*ast.InterfaceType)
					if !ok {
						continue
					}
					for _, m := range it.Methods.List {
						ft, ok := m.Type.(*ast.FuncType)
						if !ok {
							continue
						}
						for _, n := range m.Names {
							if n.Name == f.name {
								iface = true
								if !f.ptr {
									found = countResults(ft)
								}
							}
						}
					}
				}
			}
		}
	}
	switch {
	case found >= 0 && result >= found:
		return fmt.Sprintf("%s has %d result(s), so there is no result %d", f, found, result)
	case found >= 0:
		return ""
	case iface:
		return fmt.Sprintf("%s.%s is an interface: its methods are named (%s.%s).%s, without the star", f.pkg, f.recv, f.pkg, f.recv, f.name)
	case wrongRecv != "":
		want := funcName{pkg: f.pkg, recv: f.recv, name: f.name, ptr: !f.ptr}
		return fmt.Sprintf("the method %s has a %s receiver: it is named %s", f.name, map[bool]string{true: "pointer", false: "value"}[!f.ptr], want)
	case f.recv != "":
		return fmt.Sprintf("package %s declares no method %s on %s", f.pkg, f.name, f.recv)
	}
	return fmt.Sprintf("package %s declares no function %s", f.pkg, f.name)
}

// countResults returns the number of results of a function type.
func countResults(ft *ast.FuncType) int {
	if ft.Results == nil {
		return 0
	}
	n := 0
	for _, f := range ft.Results.List {
		n += max(len(f.Names), 1)
	}
	return n
}

package runner

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/types"
	"net/url"
	"os"
	"reflect"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// process does what node n needs once its imports are done: nothing but
// recording its cached results if neither it nor a dependent needs its
// types; otherwise type-checking it, then decoding its cached facts or
// analyzing it.
func (r *run) process(n *node) {
	for _, imp := range n.imports {
		n.bad = n.bad || imp.bad
	}
	if !n.needType {
		if n.analyze {
			r.restore(n, false)
		}
		return
	}
	files, info := r.typeCheck(n, n.entry != nil)
	if n.bad || !n.analyze {
		return
	}
	if n.entry != nil {
		r.restore(n, true)
		return
	}
	r.analyze(n, files, info)
}

// typeCheck parses n's files and type-checks them, as packages.Load does
// with LoadAllSyntax (the same parser mode and types.Config), recording
// the parse and type errors in n.pkg.Errors; but if a file does not
// parse (or the package had errors from go list), type errors are not
// recorded, as the go command reports syntax errors alone. Without bodies, the
// function bodies are not checked: enough for the facts of a cached
// package whose dependent is not cached.
func (r *run) typeCheck(n *node, noBodies bool) ([]*ast.File, *types.Info) {
	p := n.pkg
	info := &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue),
		Defs:         make(map[*ast.Ident]types.Object),
		Uses:         make(map[*ast.Ident]types.Object),
		Implicits:    make(map[ast.Node]types.Object),
		Instances:    make(map[*ast.Ident]types.Instance),
		Scopes:       make(map[ast.Node]*types.Scope),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection),
		FileVersions: make(map[*ast.File]string),
	}
	if noBodies {
		info = &types.Info{}
	}
	addErr := func(e packages.Error) { p.Errors = append(p.Errors, e); n.bad = true }
	defer func() {
		n.direct = make(map[*types.Package]bool, len(n.imports))
		for _, imp := range n.imports {
			n.direct[imp.types] = true
		}
		r.live(n)
	}()
	if p.PkgPath == "unsafe" {
		n.types = types.Unsafe
		return nil, info
	}
	n.types = types.NewPackage(p.PkgPath, p.Name)
	var files []*ast.File
	for _, name := range p.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				addErr(packages.Error{Pos: pe.Path + ":1", Msg: pe.Err.Error(), Kind: packages.ParseError})
			}
			continue
		}
		f, err := parser.ParseFile(r.fset, name, src, parser.AllErrors|parser.ParseComments)
		if f != nil {
			files = append(files, f)
		}
		var list scanner.ErrorList
		if errors.As(err, &list) {
			for _, e := range list {
				addErr(packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		} else if err != nil {
			addErr(packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
		}
	}
	hadErrors := len(p.Errors) > 0 // syntax errors, or go list's
	byPath := make(map[string]*node, len(n.imports))
	for path, ip := range p.Imports {
		byPath[path] = r.byPkg[ip]
	}
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			if imp := byPath[path]; imp != nil && imp.types != nil {
				return imp.types, nil
			}
			return nil, fmt.Errorf("no metadata for %s", path)
		}),
		IgnoreFuncBodies: noBodies,
		Error: func(err error) {
			// After a syntax error, the type errors are mostly its echo
			// (a statement cut short leaves a variable unused, a
			// function without its return): as the go command does,
			// report the syntax errors only.
			if te, ok := err.(types.Error); ok && !hadErrors {
				addErr(packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			}
		},
		Sizes: p.TypesSizes,
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	err := types.NewChecker(tc, r.fset, n.types, info).Files(files)
	if err != nil && !hadErrors && len(p.Errors) == 0 {
		addErr(packages.Error{Pos: "-", Msg: err.Error(), Kind: packages.UnknownError})
	}
	return files, info
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// A factKey identifies a fact of one analyzer about an object (or, with
// obj nil, about the package).
type factKey struct {
	analyzer *analysis.Analyzer
	obj      types.Object
	typ      reflect.Type
}

// analyze runs n's analyzers on it, requirements first, records its
// actions and facts, and stores them in the cache if nothing failed.
func (r *run) analyze(n *node, files []*ast.File, info *types.Info) {
	p := n.pkg
	n.facts = make(map[factKey]analysis.Fact)
	n.actions = make(map[*analysis.Analyzer]*Action)
	results := make(map[*analysis.Analyzer]any)
	module := &analysis.Module{}
	if p.Module != nil {
		module = analysisModule(p.Module)
	}
	failed := false
	for _, a := range r.set(n) {
		act := &Action{Analyzer: a, Package: p, IsRoot: n.root && slices.Contains(r.opts.Analyzers, a)}
		n.actions[a] = act
		if err := r.failedPrerequisites(n, a); err != nil {
			act.Err, act.DepFailed, failed = err, true, true
			continue
		}
		inputs := make(map[*analysis.Analyzer]any, len(a.Requires))
		for _, req := range a.Requires {
			inputs[req] = results[req]
		}
		pass := &analysis.Pass{
			Analyzer:     a,
			Fset:         r.fset,
			Files:        files,
			OtherFiles:   p.OtherFiles,
			IgnoredFiles: p.IgnoredFiles,
			Pkg:          n.types,
			TypesInfo:    info,
			TypesSizes:   p.TypesSizes,
			Module:       module,
			ResultOf:     inputs,
			Report:       func(d analysis.Diagnostic) { act.Diagnostics = append(act.Diagnostics, d) },
			ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
				return r.importObjectFact(n, a, obj, ptr)
			},
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				if obj.Pkg() != n.types {
					panic(fmt.Sprintf("internal error: in analysis %s of package %s: Fact.Set(%s, %T): can't set facts on objects belonging another package", a, p, obj, fact))
				}
				n.facts[factKey{a, obj, reflect.TypeOf(fact)}] = fact
			},
			ImportPackageFact: func(pkg *types.Package, ptr analysis.Fact) bool {
				return r.importPackageFact(n, a, pkg, ptr)
			},
			ExportPackageFact: func(fact analysis.Fact) {
				n.facts[factKey{a, nil, reflect.TypeOf(fact)}] = fact
			},
			AllObjectFacts:  func() []analysis.ObjectFact { return r.allObjectFacts(n, a) },
			AllPackageFacts: func() []analysis.PackageFact { return r.allPackageFacts(n, a) },
		}
		pass.ReadFile = checkedReadFile(pass)
		res, err := a.Run(pass)
		if err == nil {
			if got, want := reflect.TypeOf(res), a.ResultType; got != want {
				err = fmt.Errorf("internal error: on package %s, analyzer %s returned a result of type %v, but declared ResultType %v", p.PkgPath, a, got, want)
			}
		}
		for i := range act.Diagnostics {
			if err != nil {
				break
			}
			act.Diagnostics[i].URL, err = resolveURL(a, act.Diagnostics[i])
		}
		if err != nil {
			act.Err, failed = err, true
			act.Diagnostics = nil
			continue
		}
		results[a] = res
		if !act.IsRoot {
			act.Diagnostics = nil
		}
	}
	r.count(func(s *Stats) { s.Analyzed++ })
	if !failed {
		r.store(n)
	}
}

// failedPrerequisites returns the error of a's action on n if one of its
// prerequisites failed: a on an import (for an analyzer with facts), or
// a requirement on n.
func (r *run) failedPrerequisites(n *node, a *analysis.Analyzer) error {
	var failed []string
	for _, req := range a.Requires {
		if act := n.actions[req]; act != nil && act.Err != nil {
			failed = append(failed, act.String())
		}
	}
	if len(a.FactTypes) > 0 {
		for _, imp := range n.imports {
			if act := imp.actions[a]; act != nil && act.Err != nil {
				failed = append(failed, act.String())
			}
		}
	}
	if failed == nil {
		return nil
	}
	sort.Strings(failed)
	return fmt.Errorf("failed prerequisites: %s", strings.Join(failed, ", "))
}

// factVisible reports whether checker would let the analysis of n see a
// fact about obj, exported by the analysis of obj's package. Facts reach
// a package through its direct imports, each passing on what
// exportedFrom lets through: from a direct import, its exported
// functions, methods, package-level variables, fields, types and
// constants; from further down, only methods, fields, types and
// constants (those of another package than the one passing them on).
func factVisible(n *node, obj types.Object) bool {
	if obj.Pkg() == n.types {
		return true
	}
	if n.direct[obj.Pkg()] && exportedFrom(obj, obj.Pkg()) {
		return true
	}
	return exportedFrom(obj, nil)
}

// exportedFrom is checker's filter of the facts a package passes on to
// its importers.
func exportedFrom(obj types.Object, pkg *types.Package) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Exported() && obj.Pkg() == pkg || obj.Signature().Recv() != nil
	case *types.Var:
		if obj.IsField() {
			return true
		}
		return obj.Pkg() == pkg
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

// importObjectFact implements Pass.ImportObjectFact for a on n.
func (r *run) importObjectFact(n *node, a *analysis.Analyzer, obj types.Object, ptr analysis.Fact) bool {
	if obj == nil {
		panic("nil object")
	}
	owner := n
	if obj.Pkg() != n.types {
		owner = r.lookup(obj.Pkg())
	}
	if owner == nil || !factVisible(n, obj) {
		return false
	}
	v, ok := owner.facts[factKey{a, obj, reflect.TypeOf(ptr)}]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
	}
	return ok
}

// importPackageFact implements Pass.ImportPackageFact for a on n: the
// facts of every package n depends on are visible.
func (r *run) importPackageFact(n *node, a *analysis.Analyzer, pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		panic("nil package")
	}
	owner := n
	if pkg != n.types {
		owner = r.lookup(pkg)
	}
	if owner == nil {
		return false
	}
	v, ok := owner.facts[factKey{a, nil, reflect.TypeOf(ptr)}]
	if ok {
		reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(v).Elem())
	}
	return ok
}

// allObjectFacts implements Pass.AllObjectFacts for a on n.
func (r *run) allObjectFacts(n *node, a *analysis.Analyzer) []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for _, d := range append([]*node{n}, n.deps...) {
		for k, f := range d.facts {
			if k.analyzer == a && k.obj != nil && factVisible(n, k.obj) {
				out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
			}
		}
	}
	return out
}

// allPackageFacts implements Pass.AllPackageFacts for a on n.
func (r *run) allPackageFacts(n *node, a *analysis.Analyzer) []analysis.PackageFact {
	var out []analysis.PackageFact
	for _, d := range append([]*node{n}, n.deps...) {
		for k, f := range d.facts {
			if k.analyzer == a && k.obj == nil {
				out = append(out, analysis.PackageFact{Package: d.types, Fact: f})
			}
		}
	}
	return out
}

// checkedReadFile is pass.ReadFile: os.ReadFile of the pass's own files.
func checkedReadFile(pass *analysis.Pass) func(string) ([]byte, error) {
	return func(name string) ([]byte, error) {
		ok := slices.Contains(pass.OtherFiles, name) || slices.Contains(pass.IgnoredFiles, name)
		for _, f := range pass.Files {
			ok = ok || pass.Fset.File(f.FileStart).Name() == name
		}
		if !ok {
			return nil, fmt.Errorf("Pass.ReadFile: %s is not among OtherFiles, IgnoredFiles, or names of Files", name)
		}
		return os.ReadFile(name)
	}
}

// resolveURL is the diagnostic's URL, resolved against its analyzer's
// (x/tools' driverutil.ResolveURL).
func resolveURL(a *analysis.Analyzer, d analysis.Diagnostic) (string, error) {
	if d.URL == "" && d.Category == "" && a.URL == "" {
		return "", nil
	}
	raw := d.URL
	if d.URL == "" && d.Category != "" {
		raw = "#" + d.Category
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("invalid Diagnostic.URL %q: %s", raw, err)
	}
	base, err := url.Parse(a.URL)
	if err != nil {
		return "", fmt.Errorf("invalid Analyzer.URL %q: %s", a.URL, err)
	}
	return base.ResolveReference(u).String(), nil
}

// analysisModule converts a go/packages module for analysis.Pass.
func analysisModule(mod *packages.Module) *analysis.Module {
	if mod == nil {
		return nil
	}
	var modErr *analysis.ModuleError
	if mod.Error != nil {
		modErr = &analysis.ModuleError{Err: mod.Error.Err}
	}
	return &analysis.Module{
		Path: mod.Path, Version: mod.Version, Replace: analysisModule(mod.Replace),
		Time: mod.Time, Main: mod.Main, Indirect: mod.Indirect, Dir: mod.Dir,
		GoMod: mod.GoMod, GoVersion: mod.GoVersion, Error: modErr,
	}
}

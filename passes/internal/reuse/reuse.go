package reuse

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/ssa"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer finds the code that connreuse reports: connections opened and
// closed per request, and defer Close in loops. It reports nothing; its
// Result holds the findings that no //closewait:ignore directive
// silences, worded, and the directives that silenced the others.
var Analyzer = &analysis.Analyzer{
	Name:       "reusefinder",
	Doc:        "find the code that connreuse reports (a provider: it reports nothing)",
	URL:        "https://github.com/closewait/closewait#time_wait-the-side-that-closes-first",
	Requires:   []*analysis.Analyzer{analyzer.Analyzer, buildssa.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// Result is what Analyzer found in a package.
type Result struct {
	// Diagnostics are connreuse's findings, in the order found, less
	// those that a directive silences.
	Diagnostics []analysis.Diagnostic
	// Used lists the //closewait:ignore directives that silenced a
	// finding, by the directive's position, so that ignorecheck does not
	// call them unused. (The engine's Directive.Used is written by the
	// engine only: passes run concurrently.)
	Used map[token.Pos]bool
}

// table is the engine's knowledge of the standard library that the checks
// read; it has no state (its methods read the engine's table).
var table analyzer.ReuseTable

// A checker holds what the checks of one package share.
type checker struct {
	pass    *analysis.Pass
	ssa     *buildssa.SSA
	loops   map[*ssa.Function]map[*ssa.BasicBlock]int // block → loop (SCC) id, cyclic blocks only
	names   map[token.Pos]exprInfo
	startup map[*ssa.Function]bool
	files   map[*token.File]*ast.File

	funcNames map[*types.Func]string // see staticName

	silencing func(token.Pos) *analyzer.Directive
	result    *Result
}

// exprInfo is the syntax of an expression that SSA knows by a position
// inside it (a composite literal's brace, a call's parenthesis).
type exprInfo struct {
	start token.Pos // where the expression starts: where to report
	name  string    // the variable it is assigned to, or ""
	text  string    // the expression (a call's function), as written
}

func run(pass *analysis.Pass) (any, error) {
	if !dependsOn(pass.Pkg, "net", make(map[*types.Package]bool)) {
		// Every check is about values of net's or net/http's types
		// (the table's acquisitions included), which a package that
		// does not depend on net cannot hold.
		return &Result{Used: make(map[token.Pos]bool)}, nil
	}
	c := &checker{
		pass:  pass,
		ssa:   pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA),
		loops: make(map[*ssa.Function]map[*ssa.BasicBlock]int),
		names: make(map[token.Pos]exprInfo),
		files: make(map[*token.File]*ast.File),

		funcNames: make(map[*types.Func]string),

		silencing: analyzer.Silencing(pass),
		result:    &Result{Used: make(map[token.Pos]bool)},
	}
	for _, f := range pass.Files {
		c.files[pass.Fset.File(f.FileStart)] = f
		if !ast.IsGenerated(f) {
			c.indexSyntax(f)
		}
	}
	c.startup = startupFuncs(c.ssa)
	for _, fn := range c.ssa.SrcFuncs {
		if fn.Synthetic != "" || !c.userCode(fn.Pos()) {
			continue
		}
		c.checkTransports(fn)
		c.checkRequestClose(fn)
		c.checkDrain(fn)
		c.checkDialLoop(fn)
		c.checkDeferLoop(fn)
	}
	c.checkGlobalTransports()
	return c.result, nil
}

// dependsOn reports whether pkg is, or imports directly or not, the
// package with the given path.
func dependsOn(pkg *types.Package, path string, seen map[*types.Package]bool) bool {
	if pkg.Path() == path {
		return true
	}
	seen[pkg] = true
	for _, imp := range pkg.Imports() {
		if !seen[imp] && dependsOn(imp, path, seen) {
			return true
		}
	}
	return false
}

// userCode reports whether pos is in a file of the package that is not
// generated (generated files are not indexed).
func (c *checker) userCode(pos token.Pos) bool {
	f := c.files[c.pass.Fset.File(pos)]
	return f != nil && !ast.IsGenerated(f)
}

// indexSyntax records, for each composite literal and call of f, where it
// starts and the variable it is assigned to.
func (c *checker) indexSyntax(f *ast.File) {
	key := func(e ast.Expr) token.Pos {
		switch e := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			return e.Lbrace
		case *ast.UnaryExpr:
			if lit, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
				return lit.Lbrace
			}
		case *ast.CallExpr:
			return e.Lparen
		}
		return token.NoPos
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.UnaryExpr, *ast.CompositeLit, *ast.CallExpr:
			e := n.(ast.Expr)
			if k := key(e); k.IsValid() {
				if old, ok := c.names[k]; !ok || !old.start.IsValid() || e.Pos() < old.start {
					info := c.names[k]
					info.start = e.Pos()
					if call, ok := e.(*ast.CallExpr); ok {
						info.text = types.ExprString(call.Fun)
					}
					c.names[k] = info
				}
			}
		case *ast.AssignStmt:
			c.nameRHS(n.Lhs, n.Rhs, key)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, id := range n.Names {
				lhs[i] = id
			}
			c.nameRHS(lhs, n.Values, key)
		}
		return true
	})
}

// nameRHS names the right-hand sides of an assignment after the variables
// they are assigned to (the first one, for a call with several results).
func (c *checker) nameRHS(lhs, rhs []ast.Expr, key func(ast.Expr) token.Pos) {
	for i, r := range rhs {
		l := lhs[0]
		if len(lhs) == len(rhs) {
			l = lhs[i]
		}
		id, ok := l.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		if k := key(r); k.IsValid() {
			info := c.names[k]
			info.name = id.Name
			c.names[k] = info
		}
	}
}

// loopOf returns the id of the loop (strongly connected component of the
// CFG) that b is in, or -1 when no path leads from b back to itself.
func (c *checker) loopOf(b *ssa.BasicBlock) int {
	m, ok := c.loops[b.Parent()]
	if !ok {
		m = cyclicBlocks(b.Parent())
		c.loops[b.Parent()] = m
	}
	if id, ok := m[b]; ok {
		return id
	}
	return -1
}

// cyclicBlocks maps each block of fn that lies on a cycle to the id of its
// strongly connected component (Tarjan's algorithm).
func cyclicBlocks(fn *ssa.Function) map[*ssa.BasicBlock]int {
	index := make(map[*ssa.BasicBlock]int)
	low := make(map[*ssa.BasicBlock]int)
	on := make(map[*ssa.BasicBlock]bool)
	var stack []*ssa.BasicBlock
	out := make(map[*ssa.BasicBlock]int)
	n, comp := 0, 0
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		index[b], low[b] = n, n
		n++
		stack = append(stack, b)
		on[b] = true
		for _, s := range b.Succs {
			if _, seen := index[s]; !seen {
				visit(s)
				low[b] = min(low[b], low[s])
			} else if on[s] {
				low[b] = min(low[b], index[s])
			}
		}
		if low[b] != index[b] {
			return
		}
		var scc []*ssa.BasicBlock
		for {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			on[top] = false
			scc = append(scc, top)
			if top == b {
				break
			}
		}
		selfLoop := false
		for _, s := range b.Succs {
			selfLoop = selfLoop || s == b
		}
		if len(scc) > 1 || selfLoop {
			for _, x := range scc {
				out[x] = comp
			}
			comp++
		}
	}
	for _, b := range fn.Blocks {
		if _, seen := index[b]; !seen {
			visit(b)
		}
	}
	return out
}

// inLoop reports whether instr can run more than once per call of its
// function.
func (c *checker) inLoop(instr ssa.Instruction) bool {
	return instr.Block() != nil && c.loopOf(instr.Block()) >= 0
}

// perIteration reports whether fn is a function literal called directly
// in a loop of its parent: its body runs once per iteration.
func (c *checker) perIteration(fn *ssa.Function) bool {
	if fn.Parent() == nil {
		return false
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok || call.Common().IsInvoke() {
				continue
			}
			v := call.Common().Value
			if mc, ok := v.(*ssa.MakeClosure); ok {
				v = mc.Fn
			}
			if v == fn && c.loopOf(b) >= 0 {
				return true
			}
		}
	}
	return false
}

// isHandler reports whether fn has the signature of an HTTP handler,
// func(http.ResponseWriter, *http.Request): it runs once per request.
func isHandler(fn *ssa.Function) bool {
	p := fn.Signature.Params()
	return p.Len() == 2 && typeName(p.At(0).Type()) == "net/http.ResponseWriter" && typeName(p.At(1).Type()) == "*net/http.Request"
}

// repeated reports whether instr runs repeatedly: in a loop, in a function
// literal called per iteration, or in an HTTP handler. It returns how, as
// a phrase: "in a loop", "in the handler serve".
func (c *checker) repeated(instr ssa.Instruction) (string, bool) {
	fn := instr.Parent()
	switch {
	case c.inLoop(instr) || c.perIteration(fn):
		return "in a loop", true
	case isHandler(fn):
		return "in the handler " + funcName(fn), true
	}
	return "", false
}

// funcName names fn as the user wrote it: "fetch", "(*T).fetch" as
// "fetch", a function literal as "the function literal in fetch".
func funcName(fn *ssa.Function) string {
	if fn.Parent() != nil {
		return "the function literal in " + funcName(fn.Parent())
	}
	return fn.Name()
}

// typeName returns t as "path.Name", with a leading * for a pointer.
func typeName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		return "*" + typeName(p.Elem())
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil {
		return n.Obj().Pkg().Path() + "." + n.Obj().Name()
	}
	return t.String()
}

// pointee returns "path.Name" of the type that t, a pointer, points to.
func pointee(t types.Type) string {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	if _, named := types.Unalias(p.Elem()).(*types.Named); !named {
		return "" // (spelling out an unnamed type costs more than the whole check)
	}
	return typeName(p.Elem())
}

// calleeName returns the full name of the function or method that call
// calls, or "" for a call of a func value.
func calleeName(call *ssa.CallCommon) string {
	if call.IsInvoke() {
		return call.Method.Origin().FullName()
	}
	if fn := call.StaticCallee(); fn != nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj.Origin().FullName()
		}
	}
	return ""
}

// staticName is calleeName for a static call, cached per function: the
// checks that look at every call of a package ask it of each.
func (c *checker) staticName(call *ssa.CallCommon) string {
	fn := call.StaticCallee()
	if call.IsInvoke() || fn == nil {
		return calleeName(call)
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return ""
	}
	name, ok := c.funcNames[obj]
	if !ok {
		name = obj.Origin().FullName()
		c.funcNames[obj] = name
	}
	return name
}

// receiver returns the receiver of a method call, or nil.
func receiver(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		return call.Value
	}
	if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// args returns the arguments of call, receiver not counted.
func args(call *ssa.CallCommon) []ssa.Value {
	if !call.IsInvoke() && receiver(call) != nil {
		return call.Args[1:]
	}
	return call.Args
}

// startupFuncs returns the functions of a main package that run once at
// start-up: main, init, and functions called only by them (or by other
// such functions), outside loops, and never used as values.
func startupFuncs(info *buildssa.SSA) map[*ssa.Function]bool {
	s := make(map[*ssa.Function]bool)
	if info.Pkg.Pkg.Name() != "main" {
		return s
	}
	callers := make(map[*ssa.Function][]ssa.Instruction)
	valued := make(map[*ssa.Function]bool)
	for _, fn := range info.SrcFuncs {
		loops := cyclicBlocks(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var rands []*ssa.Value
				if call, ok := instr.(*ssa.Call); ok && !call.Call.IsInvoke() {
					if g, ok := call.Call.Value.(*ssa.Function); ok {
						if _, cyclic := loops[b]; cyclic {
							valued[g] = true
						} else {
							callers[g] = append(callers[g], instr)
						}
					}
					rands = make([]*ssa.Value, 0, len(call.Call.Args))
					for i := range call.Call.Args {
						rands = append(rands, &call.Call.Args[i])
					}
				} else {
					rands = instr.Operands(nil)
				}
				for _, r := range rands {
					if g, ok := (*r).(*ssa.Function); ok {
						valued[g] = true
					}
				}
			}
		}
	}
	for _, fn := range info.SrcFuncs {
		if fn.Parent() == nil && (isEntry(fn) || len(callers[fn]) > 0 && !valued[fn]) {
			s[fn] = true
		}
	}
	for changed := true; changed; {
		changed = false
		for fn := range s {
			if isEntry(fn) {
				continue
			}
			for _, call := range callers[fn] {
				if !s[call.Parent()] {
					delete(s, fn)
					changed = true
					break
				}
			}
		}
	}
	return s
}

// atStartup reports whether fn runs once at start-up, or is a function
// literal in such a function that is not an HTTP handler.
func (c *checker) atStartup(fn *ssa.Function) bool {
	for ; fn.Parent() != nil; fn = fn.Parent() {
		if isHandler(fn) || c.perIteration(fn) {
			return false
		}
	}
	return isEntry(fn) || c.startup[fn]
}

// isEntry reports whether fn is main.main or an init function.
func isEntry(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Signature.Recv() != nil {
		return false
	}
	return fn.Name() == "init" || strings.HasPrefix(fn.Name(), "init#") || fn.Name() == "main" && fn.Pkg.Pkg.Name() == "main"
}

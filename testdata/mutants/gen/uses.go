package main

import (
	"go/ast"
	"go/token"
	"go/types"
)

// How a statement or expression uses a tracked variable.
const (
	useAcquire  = "acquire"  // the acquiring assignment
	useBorrow   = "borrow"   // a use that neither closes nor keeps it
	useNilCheck = "nilcheck" // x == nil, x != nil
	useClose    = "close"    // x.Close(), x.Body.Close()
	useEscape   = "escape"   // returned, stored, aliased, sent, captured, handed to a goroutine
	useUnknown  = "unknown"  // handed to a callee that may close or keep it
	useWrap     = "wrap"     // y := tls.Client(x, …): y owns x; y's uses are x's
)

// A use is one occurrence of the tracked variable.
type use struct {
	id       *ast.Ident
	kind     string
	stmt     ast.Stmt // the innermost statement holding the use
	deferred bool     // the use is in a defer statement's call
	what     string   // a short description, for the why column
}

// releaseNames are methods that may end or hand off a resource.
var releaseNames = map[string]bool{
	"Close": true, "CloseRead": false, "Release": true, "Put": true, "Shutdown": true,
	"Stop": true, "Free": true, "Detach": true, "Hijack": true, "Return": true,
}

// A classifier classifies the uses of a variable in a package's syntax.
type classifier struct {
	w     *world
	lp    *loadedPackage
	decls map[string]*ast.FuncDecl // the package's functions, by full name
}

func newClassifier(w *world, lp *loadedPackage) *classifier {
	c := &classifier{w: w, lp: lp, decls: make(map[string]*ast.FuncDecl)}
	for _, f := range lp.files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if obj, ok := lp.info.Defs[fd.Name].(*types.Func); ok {
					c.decls[obj.FullName()] = fd
				}
			}
		}
	}
	return c
}

// usesOf returns the uses of v in root, classified. home is the
// function (a *ast.FuncDecl or *ast.FuncLit) whose locals v belongs to:
// a use inside another function literal is a capture (an escape).
// depth bounds how far callees are followed.
func (c *classifier) usesOf(v *types.Var, root ast.Node, home ast.Node, bodyField bool, depth int) []use {
	var uses []use
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		stack = append(stack, n)
		id, ok := n.(*ast.Ident)
		if !ok || (c.lp.info.Uses[id] != v && c.lp.info.Defs[id] != v) {
			return true
		}
		if c.lp.info.Defs[id] == v {
			switch stack[len(stack)-2].(type) {
			case *ast.Field, *ast.ValueSpec:
				return true // a parameter's or a variable's declaration
			}
		}
		u := use{id: id}
		for i := len(stack) - 1; i >= 0; i-- {
			if s, ok := stack[i].(ast.Stmt); ok && u.stmt == nil {
				if _, isBlock := s.(*ast.BlockStmt); !isBlock {
					u.stmt = s
				}
			}
			if _, ok := stack[i].(*ast.DeferStmt); ok {
				u.deferred = true
			}
			if lit, ok := stack[i].(*ast.FuncLit); ok && lit != home {
				if d := deferredCloser(stack[:i+1]); d != nil {
					u.stmt, u.deferred = d, true // defer func() { _ = x.Close() }()
					continue
				}
				u.kind, u.what = useEscape, "captured by a function literal"
				break
			}
			if stack[i] == home {
				break
			}
		}
		if u.kind == "" {
			u.kind, u.what = c.classify(v, stack, bodyField, depth)
		}
		uses = append(uses, u)
		return true
	})
	return uses
}

// deferredCloser returns the defer statement when the function literal
// at the top of stack is deferred, called without arguments, and its body
// is one call of a Close method: defer func() { _ = x.Close() }().
func deferredCloser(stack []ast.Node) *ast.DeferStmt {
	n := len(stack)
	if n < 3 {
		return nil
	}
	lit := stack[n-1].(*ast.FuncLit)
	call, ok := stack[n-2].(*ast.CallExpr)
	if !ok || call.Fun != ast.Expr(lit) || len(call.Args) > 0 {
		return nil
	}
	d, ok := stack[n-3].(*ast.DeferStmt)
	if !ok || len(lit.Body.List) != 1 {
		return nil
	}
	var x ast.Expr
	switch st := lit.Body.List[0].(type) {
	case *ast.ExprStmt:
		x = st.X
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 && isBlank(st.Lhs[0]) && len(st.Rhs) == 1 {
			x = st.Rhs[0]
		}
	}
	if c, ok := x.(*ast.CallExpr); ok && len(c.Args) == 0 {
		if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Close" {
			return d
		}
	}
	return nil
}

// classify classifies the use of v at the top of stack (an identifier).
// With bodyField, v is an *http.Response whose Body is the resource.
func (c *classifier) classify(v *types.Var, stack []ast.Node, bodyField bool, depth int) (string, string) {
	n := len(stack)
	id := stack[n-1].(*ast.Ident)
	parent := func(i int) ast.Node { // the i-th ancestor of the identifier, skipping parentheses
		j := n - 1
		for k := 0; k < i; k++ {
			j--
			for j >= 0 {
				if _, ok := stack[j].(*ast.ParenExpr); !ok {
					break
				}
				j--
			}
			if j < 0 {
				return nil
			}
		}
		return stack[j]
	}
	name := id.Name
	switch p := parent(1).(type) {
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == id {
				return "reassign", "assigned again"
			}
		}
		if len(p.Lhs) == 1 && isBlank(p.Lhs[0]) {
			return useBorrow, "_ = " + name
		}
		return useEscape, "assigned to another variable or field"
	case *ast.ValueSpec:
		return useEscape, "assigned to another variable"
	case *ast.BinaryExpr:
		if (p.Op == token.EQL || p.Op == token.NEQ) && (isNil(p.X) || isNil(p.Y)) {
			return useNilCheck, name + " == nil"
		}
		return useUnknown, "compared"
	case *ast.ReturnStmt:
		return useEscape, "returned"
	case *ast.CompositeLit, *ast.KeyValueExpr:
		return useEscape, "stored in a composite literal"
	case *ast.UnaryExpr:
		return useEscape, "address taken"
	case *ast.SendStmt:
		return useEscape, "sent on a channel"
	case *ast.CallExpr:
		if c.isWrap(p, parent(2)) {
			return useWrap, "wrapped by " + types.ExprString(p.Fun)
		}
		return c.argUse(p, id, bodyField, depth)
	case *ast.SelectorExpr:
		if p.X != id {
			return useUnknown, "?"
		}
		return c.selectorUse(stack, parent, p, bodyField, depth)
	case *ast.TypeAssertExpr:
		// y := x.(*net.TCPListener), y, ok := …: y is x.
		if as, ok := parent(2).(*ast.AssignStmt); ok && len(as.Rhs) == 1 && ast.Unparen(as.Rhs[0]) == ast.Expr(p) {
			if _, ok := as.Lhs[0].(*ast.Ident); ok {
				return useWrap, "asserted to " + types.ExprString(p.Type)
			}
		}
		return useUnknown, "asserted"
	case *ast.RangeStmt, *ast.TypeSwitchStmt, *ast.IndexExpr, *ast.StarExpr:
		return useUnknown, "asserted, ranged or indexed"
	}
	return useUnknown, "?"
}

// selectorUse classifies x.Sel….
func (c *classifier) selectorUse(stack []ast.Node, parent func(int) ast.Node, sel *ast.SelectorExpr, bodyField bool, depth int) (string, string) {
	info := c.lp.info
	s, isSel := info.Selections[sel]
	if !isSel {
		return useUnknown, "?"
	}
	name := types.ExprString(sel)
	if bodyField && s.Kind() == types.FieldVal && sel.Sel.Name == "Response" {
		// resp.Response of a type embedding *http.Response: the same response.
		if next, ok := parent(2).(*ast.SelectorExpr); ok && next.X == ast.Expr(sel) {
			return c.selectorUse(stack, func(i int) ast.Node { return parent(i + 1) }, next, bodyField, depth)
		}
		if call, ok := parent(2).(*ast.CallExpr); ok {
			for i, a := range call.Args {
				if ast.Unparen(a) == ast.Expr(sel) {
					return c.argUseAt(call, i, name, true, depth)
				}
			}
		}
		return useEscape, name + " handed on"
	}
	if s.Kind() == types.MethodVal {
		call, ok := parent(2).(*ast.CallExpr)
		if !ok || call.Fun != ast.Expr(sel) && ast.Unparen(call.Fun) != ast.Expr(sel) {
			return useEscape, "method value " + name
		}
		if sel.Sel.Name == "Close" && !bodyField {
			return useClose, name + "()"
		}
		if releaseNames[sel.Sel.Name] {
			return useUnknown, name + "()"
		}
		if m, ok := s.Obj().(*types.Func); ok && depth > 0 && !types.IsInterface(s.Recv()) {
			if c2, fd := c.w.lookup(m.Origin()); fd != nil && fd.Recv != nil && len(fd.Recv.List[0].Names) == 1 {
				recv, _ := c2.lp.info.Defs[fd.Recv.List[0].Names[0]].(*types.Var)
				if recv != nil && !c2.onlyBorrows(recv, fd, bodyField, depth-1) {
					return useUnknown, name + "() may close or keep it"
				}
			}
		}
		return useBorrow, name + "()"
	}
	// A field: x.Body of a response, or a field of a conn struct.
	if bodyField && sel.Sel.Name == "Body" {
		switch p := parent(2).(type) {
		case *ast.SelectorExpr:
			if call, ok := parent(3).(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(p) {
				if p.Sel.Name == "Close" {
					return useClose, name + ".Close()"
				}
				return useBorrow, name + "." + p.Sel.Name + "()"
			}
			return useEscape, "method value of " + name
		case *ast.CallExpr:
			for i, a := range p.Args {
				if ast.Unparen(a) == ast.Expr(sel) {
					return c.argUseAt(p, i, name, false, depth)
				}
			}
			return useUnknown, name + " called?"
		case *ast.AssignStmt:
			for _, l := range p.Lhs {
				if l == ast.Expr(sel) {
					return useUnknown, name + " replaced"
				}
			}
			return useEscape, name + " aliased"
		case *ast.BinaryExpr:
			return useNilCheck, name + " compared"
		}
		return useEscape, name + " handed on"
	}
	// Any other field: a read of the response's status or headers, or a
	// conn struct's field: followed like the value itself when it is
	// closed or handed on.
	switch p := parent(2).(type) {
	case *ast.SelectorExpr:
		if call, ok := parent(3).(*ast.CallExpr); ok && ast.Unparen(call.Fun) == ast.Expr(p) && releaseNames[p.Sel.Name] {
			return useUnknown, name + "." + p.Sel.Name + "()"
		}
	case *ast.AssignStmt:
		for _, l := range p.Lhs {
			if l == ast.Expr(sel) {
				return useUnknown, name + " assigned"
			}
		}
		if !bodyField {
			return useEscape, name + " aliased"
		}
	case *ast.CallExpr:
		if !bodyField {
			for i, a := range p.Args {
				if ast.Unparen(a) == ast.Expr(sel) {
					return c.argUseAt(p, i, name, false, depth)
				}
			}
		}
	}
	return useBorrow, name
}

// isWrap reports whether call is a standard-library function that takes
// a net.Conn (a net.Listener) and returns one owning it (tls.Client,
// tls.Server, tls.NewListener), its result assigned alone to a variable:
// y := tls.Client(x, cfg).
func (c *classifier) isWrap(call *ast.CallExpr, parent ast.Node) bool {
	as, ok := parent.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || ast.Unparen(as.Rhs[0]) != ast.Expr(call) {
		return false
	}
	if _, ok := as.Lhs[0].(*ast.Ident); !ok {
		return false
	}
	fn := calleeFunc(c.lp.info, call)
	if fn == nil || fn.Pkg() == nil || !isStd(fn.Pkg().Path()) {
		return false
	}
	sig := fn.Signature()
	if sig.Results().Len() != 1 || sig.Params().Len() == 0 {
		return false
	}
	in, out := sig.Params().At(0).Type(), c.w.k.of(sig.Results().At(0).Type())
	return types.Implements(in, c.w.k.conn) && out == "conn" || types.Implements(in, c.w.k.listener) && out == "listener"
}

// argUse classifies the identifier id used in call, as an argument.
func (c *classifier) argUse(call *ast.CallExpr, id *ast.Ident, resp bool, depth int) (string, string) {
	if ast.Unparen(call.Fun) == ast.Expr(id) {
		return useUnknown, "called"
	}
	for i, a := range call.Args {
		if ast.Unparen(a) == ast.Expr(id) {
			return c.argUseAt(call, i, id.Name, resp, depth)
		}
	}
	return useUnknown, "?"
}

// argUseAt classifies the i-th argument of call, named name. resp is
// whether the argument is a response whose Body is the resource.
func (c *classifier) argUseAt(call *ast.CallExpr, i int, name string, resp bool, depth int) (string, string) {
	info := c.lp.info
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		return useEscape, "converted"
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsBuiltin() {
		return useEscape, "given to a builtin"
	}
	sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
	if !ok {
		return useUnknown, "?"
	}
	callee := calleeFunc(info, call)
	desc := name + " passed to " + types.ExprString(call.Fun)
	var param *types.Var
	switch {
	case sig.Variadic() && i >= sig.Params().Len()-1:
		param = sig.Params().At(sig.Params().Len() - 1)
		if call.Ellipsis == token.NoPos {
			t := param.Type().(*types.Slice).Elem()
			param = types.NewParam(param.Pos(), param.Pkg(), param.Name(), t)
		}
	case i < sig.Params().Len():
		param = sig.Params().At(i)
	default:
		return useUnknown, desc
	}
	if it, ok := param.Type().Underlying().(*types.Interface); ok {
		hasClose := false
		for m := range it.Methods() {
			hasClose = hasClose || m.Name() == "Close"
		}
		if !hasClose && it.NumMethods() > 0 {
			return useBorrow, desc + " (an " + types.TypeString(param.Type(), nil) + ")"
		}
		if it.NumMethods() == 0 && callee != nil && callee.Pkg() != nil && loggingPkgs[callee.Pkg().Path()] {
			return useBorrow, desc + " (formatted)"
		}
	}
	if callee != nil && depth > 0 {
		if c2, fd := c.w.lookup(callee); fd != nil {
			if p := paramVar(c2.lp.info, fd, i, sig); p != nil && c2.onlyBorrows(p, fd, resp, depth-1) {
				return useBorrow, desc + " (which only reads it)"
			}
		}
	}
	return useUnknown, desc
}

// loggingPkgs are packages whose functions only format an any argument.
var loggingPkgs = map[string]bool{"fmt": true, "log": true, "log/slog": true, "errors": true}

// onlyBorrows reports whether the body of fd uses v only in ways that
// neither close nor keep it. resp tells that v is a response.
func (c *classifier) onlyBorrows(v *types.Var, fd *ast.FuncDecl, resp bool, depth int) bool {
	for _, u := range c.usesOf(v, fd.Body, fd, resp, depth) {
		if u.kind != useBorrow && u.kind != useNilCheck {
			return false
		}
	}
	return true
}

// paramVar returns the variable of the i-th parameter of fd.
func paramVar(info *types.Info, fd *ast.FuncDecl, i int, sig *types.Signature) *types.Var {
	if i >= sig.Params().Len() {
		i = sig.Params().Len() - 1
	}
	k := 0
	for _, f := range fd.Type.Params.List {
		for _, n := range f.Names {
			if k == i {
				v, _ := info.Defs[n].(*types.Var)
				return v
			}
			k++
		}
		if len(f.Names) == 0 {
			k++
		}
	}
	return nil
}

// calleeFunc returns the statically called function of call, if any.
func calleeFunc(info *types.Info, call *ast.CallExpr) *types.Func {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	switch f := fun.(type) {
	case *ast.Ident:
		fn, _ := info.Uses[f].(*types.Func)
		return originOf(fn)
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok {
			if sel.Kind() == types.MethodVal && !types.IsInterface(sel.Recv()) {
				fn, _ := sel.Obj().(*types.Func)
				return originOf(fn)
			}
			return nil
		}
		fn, _ := info.Uses[f.Sel].(*types.Func)
		return originOf(fn)
	}
	return nil
}

func originOf(fn *types.Func) *types.Func {
	if fn == nil {
		return nil
	}
	return fn.Origin()
}

func isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == "nil"
}

func isBlank(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == "_"
}

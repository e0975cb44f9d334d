package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A candidate is a proposed mutant: one closing statement whose removal
// the rules of this file judge to leak, or, with Reject set, one they
// turned down and why.
type candidate struct {
	Kind, Source, Class string
	Module, Version     string
	Package, File, Func string // File relative to the module root
	Acq, Removed        int    // lines
	Stmt, Stub, Callee  string
	Why, Reject         string
}

// Mutation classes.
const (
	classDefer     = "defer"     // a defer x.Close() removed
	classErrBranch = "errbranch" // a close in an if err != nil branch before its return
	classReturn    = "return"    // a close before a return, a continue or the end of the function
)

// A funcScan finds the candidates of one declared function.
type funcScan struct {
	c      *classifier
	k      *kinds
	fd     *ast.FuncDecl
	src    []byte // the file's content
	parent map[ast.Node]ast.Node
	out    []candidate
}

// findCandidates returns the candidates of a type-checked package.
// In package main, main and init are skipped (the process exit closes
// what they leave open) and every candidate's why starts with "package
// main:" so that its reader checks the function is not run once on the
// way to the exit.
func findCandidates(c *classifier, k *kinds) []candidate {
	lp := c.lp
	if lp.types == nil {
		return nil
	}
	isMain := lp.types.Name() == "main"
	var out []candidate
	for _, f := range lp.files {
		name := lp.fset.File(f.Pos()).Name()
		src, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || isMain && fd.Recv == nil && (fd.Name.Name == "main" || fd.Name.Name == "init") {
				continue
			}
			s := &funcScan{c: c, k: k, fd: fd, src: src, parent: parents(fd)}
			s.scan()
			for _, cd := range s.out {
				cd.Module, cd.Version = lp.Module.Path, lp.Module.Version
				cd.Package = lp.ImportPath
				rel, _ := filepath.Rel(lp.Module.Dir, name)
				cd.File = filepath.ToSlash(rel)
				cd.Func = funcSpecOf(fd)
				if isMain && cd.Reject == "" {
					cd.Why = "package main: " + cd.Why
				}
				out = append(out, cd)
			}
		}
	}
	return out
}

// parents maps every node under root to its parent.
func parents(root ast.Node) map[ast.Node]ast.Node {
	m := make(map[ast.Node]ast.Node)
	var stack []ast.Node
	ast.Inspect(root, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if len(stack) > 0 {
			m[n] = stack[len(stack)-1]
		}
		stack = append(stack, n)
		return true
	})
	return m
}

// home returns the innermost function (FuncDecl or FuncLit) holding n.
func (s *funcScan) home(n ast.Node) ast.Node {
	for p := s.parent[n]; p != nil; p = s.parent[p] {
		switch p.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return p
		}
	}
	return nil
}

// bodyOf returns the body of a FuncDecl or FuncLit.
func bodyOf(fn ast.Node) *ast.BlockStmt {
	switch f := fn.(type) {
	case *ast.FuncDecl:
		return f.Body
	case *ast.FuncLit:
		return f.Body
	}
	return nil
}

// scan finds the acquisitions of the function and the candidates of each.
func (s *funcScan) scan() {
	info := s.c.lp.info
	ast.Inspect(s.fd, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || len(as.Lhs) < 2 {
			return true
		}
		call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return true
		}
		sig, ok := info.TypeOf(call.Fun).Underlying().(*types.Signature)
		if !ok || sig.Results().Len() != len(as.Lhs) || !isError(sig.Results().At(sig.Results().Len()-1).Type()) {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || id.Name == "_" {
			return true
		}
		v, _ := info.ObjectOf(id).(*types.Var)
		if v == nil {
			return true
		}
		kind := s.k.of(v.Type())
		if kind == "" || kind == "body" && readsResponse(info, call) {
			return true
		}
		home := s.home(as)
		if body := bodyOf(home); body == nil || v.Pos() < body.Pos() || v.Pos() > body.End() {
			return true // a parameter, a named result or a captured variable
		}
		s.acquisition(as, call, v, kind, home)
		return true
	})
}

// readsResponse reports whether call is http.ReadResponse: the response
// is read from a conn the caller holds, and its body owns no socket.
func readsResponse(info *types.Info, call *ast.CallExpr) bool {
	fn := calleeFunc(info, call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "net/http" && fn.Name() == "ReadResponse"
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// acquisition proposes the candidates of one acquisition of v.
func (s *funcScan) acquisition(as *ast.AssignStmt, call *ast.CallExpr, v *types.Var, kind string, home ast.Node) {
	info := s.c.lp.info
	fset := s.c.lp.fset
	uses := s.c.usesOf(v, s.fd, home, kind == "body", 2)
	base := candidate{
		Kind:   kind,
		Source: sourceOf(info, call),
		Callee: types.ExprString(call.Fun),
		Acq:    fset.Position(call.Pos()).Line,
	}
	onlyUse := len(uses) == 2 // the acquisition and a close
	// y := tls.Client(x, cfg): y's uses are x's.
	for i := 0; i < len(uses); i++ {
		if uses[i].kind != useWrap {
			continue
		}
		wrapAs, ok := uses[i].stmt.(*ast.AssignStmt)
		if !ok {
			continue
		}
		y, _ := info.ObjectOf(wrapAs.Lhs[0].(*ast.Ident)).(*types.Var)
		if y == nil || y == v {
			continue
		}
		for _, w := range s.c.usesOf(y, s.fd, home, false, 2) {
			if w.stmt != uses[i].stmt {
				uses = append(uses, w)
			}
		}
	}
	s.neutralRewraps(uses, v)
	reassigned := 0
	for _, u := range uses {
		if u.kind == "reassign" && u.stmt != ast.Stmt(as) && !s.exclusive(u.id, as) {
			reassigned = fset.Position(u.id.Pos()).Line
		}
	}
	for _, u := range uses {
		if u.kind != useClose || u.id.Pos() < as.End() || s.home(u.stmt) != home {
			continue
		}
		cd := base
		cd.Removed = fset.Position(u.stmt.Pos()).Line
		if fset.Position(u.stmt.End()).Line != cd.Removed {
			continue // a statement over several lines
		}
		if !closeStmt(u.stmt) {
			continue // the close is part of a larger statement
		}
		cd.Stmt = string(s.src[fset.Position(u.stmt.Pos()).Offset:fset.Position(u.stmt.End()).Offset])
		if onlyUse {
			cd.Stub = "_ = " + v.Name()
		}
		if _, ok := u.stmt.(*ast.DeferStmt); ok {
			cd.Class = classDefer
			if reassigned > 0 {
				cd.Reject = fmt.Sprintf("%s is assigned again at line %d", v.Name(), reassigned)
			} else {
				s.judgeDefer(&cd, as, u, uses, home, v)
			}
		} else {
			s.judgeClose(&cd, as, u, uses, home, v)
		}
		s.out = append(s.out, cd)
	}
}

// neutralRewraps marks as wraps the assignments that put a wrapper of
// v back into v: v = tls.Client(v, cfg), or v = y where y wraps v.
func (s *funcScan) neutralRewraps(uses []use, v *types.Var) {
	info := s.c.lp.info
	aliases := map[types.Object]bool{v: true}
	for _, u := range uses {
		if u.kind == useWrap {
			if id, ok := u.stmt.(*ast.AssignStmt).Lhs[0].(*ast.Ident); ok {
				aliases[info.ObjectOf(id)] = true
			}
		}
	}
	for i, u := range uses {
		as, ok := u.stmt.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		lhs, ok := as.Lhs[0].(*ast.Ident)
		if !ok || !aliases[info.ObjectOf(lhs)] {
			continue
		}
		switch rhs := ast.Unparen(as.Rhs[0]).(type) {
		case *ast.Ident:
			if aliases[info.ObjectOf(rhs)] {
				uses[i].kind = useWrap
			}
		case *ast.CallExpr:
			if len(rhs.Args) > 0 && s.c.isWrap(rhs, as) {
				if id, ok := ast.Unparen(rhs.Args[0]).(*ast.Ident); ok && aliases[info.ObjectOf(id)] {
					uses[i].kind = useWrap
				}
			}
		}
	}
}

// closeStmt reports whether st is x.Close() as a statement, deferred, or
// assigned to the blank identifier.
func closeStmt(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.ExprStmt, *ast.DeferStmt:
		return true
	case *ast.AssignStmt:
		return len(st.Lhs) == 1 && isBlank(st.Lhs[0])
	}
	return false
}

// resourceName is how the why column names the resource.
func resourceName(v *types.Var, kind string) string {
	if kind == "body" {
		return v.Name() + ".Body"
	}
	return v.Name()
}

// judgeDefer judges the removal of a deferred close: every return after
// it leaks unless something else closes or takes the resource.
func (s *funcScan) judgeDefer(cd *candidate, as *ast.AssignStmt, close use, uses []use, home ast.Node, v *types.Var) {
	if owner := s.listOwner(close.stmt); owner != s.acqBlock(as) && !s.nilGuard(owner, as, v) && !(owner == s.commonList(as, close.stmt) && s.fallsOutTo(as, owner)) {
		cd.Reject = "the defer is not in the acquisition's block"
		return
	}
	var borrows []string
	for _, u := range uses {
		if u.id == close.id || u.stmt == ast.Stmt(as) || s.onFailureEdge(u.id, as, home) || s.exclusive(u.id, as) {
			continue
		}
		switch u.kind {
		case useWrap:
		case useBorrow, useNilCheck:
			borrows = append(borrows, u.what)
		default:
			cd.Reject = fmt.Sprintf("line %d: %s (%s)", s.c.lp.fset.Position(u.id.Pos()).Line, u.kind, u.what)
			return
		}
	}
	if cd.Kind == "body" && s.drainedFirst(as, close.stmt, v) {
		cd.Reject = "the body is drained (read to its end) before any exit: no socket stays open"
		return
	}
	exits := s.returnsAfter(home, close.stmt.End())
	if len(exits) == 0 && !fallsOff(bodyOf(home)) {
		cd.Reject = "no return after the defer"
		return
	}
	var at []string
	for _, r := range exits {
		at = append(at, fmt.Sprint(s.c.lp.fset.Position(r.Pos()).Line))
	}
	if fallsOff(bodyOf(home)) {
		at = append(at, "the end of the function")
	}
	cd.Why = fmt.Sprintf("without the defer, %s from %s is open at every exit after line %d (%s): nothing else closes it and it never leaves the function%s",
		resourceName(v, cd.Kind), cd.Callee, cd.Removed, strings.Join(at, ", "), usesNote(borrows))
}

// drainedFirst reports whether, after the acquisition as, a statement of
// its block drains the body of v before any statement that may leave
// (other than the acquisition's failure branch, and the defer itself).
func (s *funcScan) drainedFirst(as *ast.AssignStmt, deferStmt ast.Stmt, v *types.Var) bool {
	for _, t := range stmtList(s.acqBlock(as)) {
		if t.Pos() <= as.Pos() || t == deferStmt || s.onFailureEdgeStmt(t, as) {
			continue
		}
		if s.drains(t, v) {
			return true
		}
		if s.mayLeave(t) {
			return false
		}
	}
	return false
}

// onFailureEdgeStmt reports whether t is the if statement testing the
// acquisition's error.
func (s *funcScan) onFailureEdgeStmt(t ast.Stmt, as *ast.AssignStmt) bool {
	ifs, ok := t.(*ast.IfStmt)
	return ok && len(ifs.Body.List) > 0 && s.onFailureEdge(ifs.Body.List[0], as, s.home(as))
}

// mayLeave reports whether t holds a return, a branch or a panic.
func (s *funcScan) mayLeave(t ast.Stmt) bool {
	leaves := false
	ast.Inspect(t, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt, *ast.BranchStmt:
			leaves = true
		case *ast.ExprStmt:
			leaves = leaves || endsProcess(n)
		}
		return !leaves
	})
	return leaves
}

// nilGuard reports whether owner is the body of if x != nil { defer … }
// (the defer alone), in the acquisition's block.
func (s *funcScan) nilGuard(owner ast.Node, as *ast.AssignStmt, v *types.Var) bool {
	ifs, ok := s.parent[owner].(*ast.IfStmt)
	if !ok || ifs.Body != owner || ifs.Init != nil || ifs.Else != nil || len(ifs.Body.List) != 1 || s.listOwner(ifs) != s.acqBlock(as) {
		return false
	}
	calls := false
	ast.Inspect(ifs.Cond, func(n ast.Node) bool {
		_, isCall := n.(*ast.CallExpr)
		calls = calls || isCall
		return true
	})
	return !calls && s.mentions(ifs.Cond, v)
}

// usesNote lists the other uses of a resource for the why column.
func usesNote(borrows []string) string {
	borrows = slices.Compact(slices.Sorted(slices.Values(borrows)))
	if len(borrows) == 0 {
		return ""
	}
	if len(borrows) > 4 {
		borrows = append(borrows[:4], "…")
	}
	return " (other uses only borrow it: " + strings.Join(borrows, ", ") + ")"
}

// returnsAfter returns the return statements of fn after pos, outside
// nested function literals.
func (s *funcScan) returnsAfter(fn ast.Node, pos token.Pos) []*ast.ReturnStmt {
	var rs []*ast.ReturnStmt
	ast.Inspect(bodyOf(fn), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			if n.Pos() > pos {
				rs = append(rs, n)
			}
		}
		return true
	})
	return rs
}

// fallsOff reports whether control may reach the end of body: its last
// statement is not a return, a panic or an endless loop.
func fallsOff(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return true
	}
	switch last := body.List[len(body.List)-1].(type) {
	case *ast.ReturnStmt:
		return false
	case *ast.ForStmt:
		return last.Cond != nil || hasBreak(last.Body)
	case *ast.SelectStmt:
		return len(last.Body.List) > 0
	case *ast.ExprStmt:
		return !endsProcess(last)
	}
	return true
}

// hasBreak reports whether a loop body has an unlabelled break that is
// not inside a nested loop, switch or select (a conservative guess).
func hasBreak(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return false
		case *ast.BranchStmt:
			found = found || n.Tok == token.BREAK || n.Tok == token.GOTO
		}
		return true
	})
	return found
}

// endsProcess reports whether a statement calls panic, os.Exit or a
// Fatal function: the path ends there.
func endsProcess(st ast.Stmt) bool {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return f.Name == "panic"
	case *ast.SelectorExpr:
		n := f.Sel.Name
		return strings.HasPrefix(n, "Fatal") || strings.HasPrefix(n, "Panic") || (n == "Exit" && types.ExprString(f.X) == "os") || n == "FailNow" || n == "Skip" || n == "SkipNow"
	}
	return false
}

// funcSpecOf formats a declared function as Name, (*T).Name or (T).Name.
func funcSpecOf(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	star := false
	if st, ok := t.(*ast.StarExpr); ok {
		t, star = st.X, true
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := types.ExprString(t)
	if star {
		return "(*" + name + ")." + fd.Name.Name
	}
	return "(" + name + ")." + fd.Name.Name
}

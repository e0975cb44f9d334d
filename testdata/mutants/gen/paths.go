package main

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// acqBlock returns the block that holds a statement, as listOwner does,
// except for the init of an if statement that tests its error for nil
// (if x, err := f(); err == nil { … }): the if's body, where x is held.
func (s *funcScan) acqBlock(st ast.Node) ast.Node {
	if ifs, ok := s.parent[st].(*ast.IfStmt); ok && ifs.Init == st {
		if b, ok := ifs.Cond.(*ast.BinaryExpr); ok && b.Op == token.EQL && (isNil(b.X) || isNil(b.Y)) {
			return ifs.Body
		}
		return nil
	}
	return s.listOwner(st)
}

// listOwner returns the block, case clause or comm clause whose statement
// list holds st directly.
func (s *funcScan) listOwner(st ast.Node) ast.Node {
	switch p := s.parent[st].(type) {
	case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		return p
	}
	return nil
}

// stmtList returns the statements of a list owner.
func stmtList(owner ast.Node) []ast.Stmt {
	switch o := owner.(type) {
	case *ast.BlockStmt:
		return o.List
	case *ast.CaseClause:
		return o.Body
	case *ast.CommClause:
		return o.Body
	}
	return nil
}

// contains reports whether outer is n or an ancestor of n.
func (s *funcScan) contains(outer, n ast.Node) bool {
	for ; n != nil; n = s.parent[n] {
		if n == outer {
			return true
		}
	}
	return false
}

// mentions reports whether n uses v.
func (s *funcScan) mentions(n ast.Node, v *types.Var) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.c.lp.info.Uses[id] == v {
			found = true
		}
		return !found
	})
	return found
}

// judgeClose judges the removal of a close that is not deferred: the
// statements after it up to a return, a continue or the end of the
// function, and every use of the resource before it.
func (s *funcScan) judgeClose(cd *candidate, as *ast.AssignStmt, close use, uses []use, home ast.Node, v *types.Var) {
	fset := s.c.lp.fset
	owner := s.listOwner(close.stmt)
	if owner == nil || !s.contains(s.acqBlock(as), owner) && !s.fallsOutTo(as, s.commonList(as, close.stmt)) {
		cd.Class = classReturn
		cd.Reject = "the close is neither in the acquisition's block nor after the blocks holding it"
		return
	}
	cd.Class = s.classOf(owner)

	for _, st := range stmtList(owner) {
		if st == close.stmt {
			break
		}
		if endsProcess(st) {
			cd.Reject = fmt.Sprintf("line %d: the path ends the process before the close", fset.Position(st.Pos()).Line)
			return
		}
	}
	if cd.Kind == "body" && s.drainedBefore(close.stmt, as, v) {
		cd.Reject = "the body is drained (read to its end) before the close: no socket stays open"
		return
	}
	exit, exitLine, reject := s.exitAfter(close.stmt, as, v, uses, home)
	if reject != "" {
		cd.Reject = reject
		return
	}

	if s.onFailureEdge(close.stmt, as, home) {
		cd.Reject = "the close is on the acquisition's own failure edge"
		return
	}

	// Every use before the close: a borrow, or on a path of its own. A
	// use after it comes before it on no path from the acquisition unless
	// a loop that does not hold the acquisition holds the close.
	var loop ast.Node // the outermost loop holding the close but not the acquisition
	for p := s.parent[close.stmt]; p != nil && p != home; p = s.parent[p] {
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !s.contains(p, as) {
				loop = p
			}
		}
	}
	var borrows []string
	for _, u := range uses {
		before := u.id.Pos() < close.stmt.Pos() || loop != nil && s.contains(loop, u.id)
		if u.id == close.id || u.stmt == ast.Stmt(as) || !before || s.onFailureEdge(u.id, as, home) || s.exclusive(u.id, as) {
			continue
		}
		if u.kind == useWrap {
			continue // the wrapper's own uses are checked
		}
		if u.kind == useBorrow || u.kind == useNilCheck {
			if u.id.Pos() > as.End() {
				borrows = append(borrows, u.what)
			}
			continue
		}
		if u.deferred || !s.disjoint(u.id, close.stmt, as) {
			cd.Reject = fmt.Sprintf("line %d: %s (%s) on the way to the close", fset.Position(u.id.Pos()).Line, u.kind, u.what)
			return
		}
	}
	where := "the " + exit + " at line " + fmt.Sprint(exitLine)
	if exit == "end of the function" {
		where = "the end of the function (line " + fmt.Sprint(exitLine) + ")"
	}
	cd.Why = fmt.Sprintf("without the close at line %d, %s leaves %s from %s open: nothing before it on that path closes, stores, returns or hands it on%s",
		cd.Removed, where, resourceName(v, cd.Kind), cd.Callee, usesNote(borrows))
}

// fallsOutTo reports whether the acquisition as is in blocks nested in
// owner, each of which may fall through to the next statement of the
// block around it: a path leads from as, out of them, into owner.
func (s *funcScan) fallsOutTo(as *ast.AssignStmt, owner ast.Node) bool {
	if owner == nil || !s.contains(owner, as) {
		return false
	}
	for cur := s.acqBlock(as); cur != nil && cur != owner; {
		list := stmtList(cur)
		switch last := list[len(list)-1].(type) {
		case *ast.ReturnStmt, *ast.BranchStmt:
			return false
		case *ast.ExprStmt:
			if endsProcess(last) {
				return false
			}
		}
		// The statement holding this block, and its list.
		p := s.parent[cur]
		for p != nil && s.listOwner(p) == nil {
			p = s.parent[p]
		}
		if p == nil {
			return false
		}
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.FuncLit:
			return false // out of a loop body or a function literal: not followed
		}
		cur = s.listOwner(p)
	}
	return true
}

// commonList returns the innermost list owner holding both a and b.
func (s *funcScan) commonList(a, b ast.Node) ast.Node {
	for p := s.acqBlock(a); p != nil; p = s.parent[p] {
		if stmtList(p) != nil && s.contains(p, b) {
			return p
		}
	}
	return nil
}

// exclusive reports whether a and b are in different branches of one if
// statement or in different clauses of one switch or select: no path
// goes through both.
func (s *funcScan) exclusive(a, b ast.Node) bool {
	anc := make(map[ast.Node]ast.Node) // ancestor of a -> its child on the way to a
	for prev, p := a, s.parent[a]; p != nil; prev, p = p, s.parent[p] {
		anc[p] = prev
	}
	for prev, p := b, s.parent[b]; p != nil; prev, p = p, s.parent[p] {
		ca, ok := anc[p]
		if !ok {
			continue
		}
		switch p.(type) {
		case *ast.IfStmt:
			return ca != prev && (ca == ast.Node(p.(*ast.IfStmt).Body) || prev == ast.Node(p.(*ast.IfStmt).Body)) &&
				(ca == p.(*ast.IfStmt).Else || prev == p.(*ast.IfStmt).Else)
		case *ast.BlockStmt:
			_, ca1 := ca.(*ast.CaseClause)
			_, ca2 := ca.(*ast.CommClause)
			return (ca1 || ca2) && ca != prev
		}
		return false
	}
	return false
}

// drains reports whether the statement st reads the body of the
// response v to its end at its top level: io.ReadAll(v.Body) (or
// ioutil's), io.Copy(w, v.Body), io.CopyBuffer(w, v.Body, b). At EOF, or
// at a read error, the standard transport takes the connection back or
// closes it: a body drained on every path leaks no socket unclosed.
func (s *funcScan) drains(st ast.Stmt, v *types.Var) bool {
	var x ast.Expr
	switch st := st.(type) {
	case *ast.ExprStmt:
		x = st.X
	case *ast.AssignStmt:
		if len(st.Rhs) == 1 {
			x = st.Rhs[0]
		}
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok && len(g.Specs) == 1 {
			if vs, ok := g.Specs[0].(*ast.ValueSpec); ok && len(vs.Values) == 1 {
				x = vs.Values[0]
			}
		}
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := calleeFunc(s.c.lp.info, call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	arg := -1
	switch fn.Pkg().Path() + "." + fn.Name() {
	case "io.ReadAll", "io/ioutil.ReadAll":
		arg = 0
	case "io.Copy", "io.CopyBuffer":
		arg = 1
	}
	if arg < 0 || arg >= len(call.Args) {
		return false
	}
	sel, ok := ast.Unparen(call.Args[arg]).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Body" {
		return false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return ok && s.c.lp.info.Uses[id] == v
}

// drainedBefore reports whether, on every path from the acquisition to
// st, the body of v is drained first: a statement that drains it comes
// before st in st's block or in a block around it, up to the
// acquisition's block.
func (s *funcScan) drainedBefore(st ast.Stmt, as *ast.AssignStmt, v *types.Var) bool {
	top := s.acqBlock(as)
	for cur := ast.Node(st); cur != nil; {
		owner := s.listOwner(cur)
		for _, t := range stmtList(owner) {
			if t == cur {
				break
			}
			if t.Pos() > as.End() && s.drains(t, v) {
				return true
			}
		}
		if owner == nil || owner == top {
			return false
		}
		p := s.parent[owner]
		for p != nil && s.listOwner(p) == nil {
			p = s.parent[p]
		}
		cur = p
	}
	return false
}

// onFailureEdge reports whether n is inside an if statement that tests
// the error of the acquisition as (not assigned since): the branch where
// the acquisition failed and holds no resource.
func (s *funcScan) onFailureEdge(n ast.Node, as *ast.AssignStmt, home ast.Node) bool {
	errID, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident)
	if !ok || errID.Name == "_" {
		return false
	}
	errVar := s.c.lp.info.ObjectOf(errID)
	for p := s.parent[n]; p != nil && p != home; p = s.parent[p] {
		ifs, ok := p.(*ast.IfStmt)
		if ok && ifs.Pos() > as.End() && s.contains(ifs.Body, n) && s.mentionsObj(ifs.Cond, errVar) && !s.assignedBetween(errVar, as.End(), ifs.Cond.Pos(), home) {
			return true
		}
	}
	return false
}

// exitAfter follows the statements after the close st, out of the
// blocks that hold it, to the exit that ends the path: a return, a
// continue or the end of an iteration of a loop holding the acquisition
// (the resource is overwritten or dropped), or the end of the function.
// It gives a reason instead when the resource is used again, the path
// ends the process, or control flow it does not follow comes first.
func (s *funcScan) exitAfter(st ast.Stmt, as *ast.AssignStmt, v *types.Var, uses []use, home ast.Node) (exit string, line int, reject string) {
	fset := s.c.lp.fset
	cur := ast.Node(st)
	for {
		if cur != ast.Node(st) && cur.Pos() <= v.Pos() && v.Pos() < cur.End() {
			// The statement declaring v is done: nothing can close it now.
			return "end of the scope of " + v.Name(), fset.Position(cur.End()).Line, ""
		}
		owner := s.listOwner(cur)
		if owner == nil {
			return "", 0, "control flow after the close that is not followed"
		}
		list := stmtList(owner)
		i := slices.IndexFunc(list, func(x ast.Stmt) bool { return x == cur })
		broke := false
	scan:
		for _, t := range list[i+1:] {
			for _, u := range uses {
				if t.Pos() <= u.id.Pos() && u.id.Pos() < t.End() && u.kind != useBorrow && u.kind != useNilCheck {
					return "", 0, fmt.Sprintf("line %d: %s (%s) after the close", fset.Position(u.id.Pos()).Line, u.kind, u.what)
				}
			}
			if endsProcess(t) {
				return "", 0, "the path ends the process or panics"
			}
			switch t := t.(type) {
			case *ast.ReturnStmt:
				return "return", fset.Position(t.Pos()).Line, ""
			case *ast.BranchStmt:
				if t.Tok != token.CONTINUE && t.Tok != token.BREAK {
					return "", 0, "the close is followed by " + t.Tok.String()
				}
				target := s.breakTarget(t)
				if t.Tok == token.CONTINUE {
					if loop := s.continueTarget(t); loop != nil && s.contains(loop, as) {
						return "continue", fset.Position(t.Pos()).Line, ""
					}
					return "", 0, "continue of a loop that does not hold the acquisition"
				}
				if target == nil {
					return "", 0, "break out of a statement that is not followed"
				}
				cur, broke = target, true
				break scan
			case *ast.ExprStmt, *ast.AssignStmt, *ast.IncDecStmt, *ast.DeclStmt, *ast.EmptyStmt:
				continue
			case *ast.IfStmt:
				if t.Else == nil {
					continue // the path where its condition is false
				}
				return "", 0, fmt.Sprintf("line %d: control flow after the close", fset.Position(t.Pos()).Line)
			default:
				return "", 0, fmt.Sprintf("line %d: control flow after the close", fset.Position(t.Pos()).Line)
			}
		}
		if broke {
			continue // go on after the loop, switch or select
		}
		// The end of the list: leave the block.
		if owner == ast.Node(bodyOf(home)) {
			if sigOf(s.c.lp.info, home).Results().Len() > 0 {
				return "", 0, "no exit after the close"
			}
			return "end of the function", fset.Position(bodyOf(home).Rbrace).Line, ""
		}
		switch owner.(type) {
		case *ast.CaseClause, *ast.CommClause:
			cur = s.parent[s.parent[owner]] // the switch or select
			continue
		}
		switch p := s.parent[owner].(type) {
		case *ast.IfStmt:
			for {
				q, ok := s.parent[p].(*ast.IfStmt) // else if
				if !ok {
					break
				}
				p = q
			}
			cur = p
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
			cur = owner // a block statement
		case *ast.ForStmt, *ast.RangeStmt:
			if s.contains(p, as) {
				return "end of the iteration", fset.Position(owner.End()).Line, ""
			}
			return "", 0, "the end of an iteration of a loop that does not hold the acquisition"
		default:
			return "", 0, "the block falls through after the close"
		}
	}
}

// labelled returns the statement labelled by the label of a branch
// statement, nil when it has none.
func (s *funcScan) labelled(b *ast.BranchStmt) ast.Node {
	if b.Label == nil {
		return nil
	}
	for p := s.parent[b]; p != nil; p = s.parent[p] {
		if l, ok := p.(*ast.LabeledStmt); ok && l.Label.Name == b.Label.Name {
			return l
		}
	}
	return nil
}

// continueTarget returns the loop a continue continues.
func (s *funcScan) continueTarget(b *ast.BranchStmt) ast.Node {
	if l, ok := s.labelled(b).(*ast.LabeledStmt); ok {
		return l.Stmt
	}
	return s.innermostLoop(b)
}

// breakTarget returns the statement a break leaves (for a labelled one,
// the labelled statement, whose list holds it).
func (s *funcScan) breakTarget(n ast.Node) ast.Node {
	if b, ok := n.(*ast.BranchStmt); ok && b.Label != nil {
		return s.labelled(b)
	}
	for p := s.parent[n]; p != nil; p = s.parent[p] {
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			return p
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// classOf returns errbranch when the list owner is the body of an if
// statement testing an error, return otherwise.
func (s *funcScan) classOf(owner ast.Node) string {
	ifs, ok := s.parent[owner].(*ast.IfStmt)
	if !ok || ifs.Body != owner {
		return classReturn
	}
	if s.testsError(ifs.Cond) {
		return classErrBranch
	}
	return classReturn
}

// testsError reports whether cond compares an error with nil or calls
// errors.Is or errors.As.
func (s *funcScan) testsError(cond ast.Expr) bool {
	found := false
	ast.Inspect(cond, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BinaryExpr:
			if n.Op == token.NEQ && (isNil(n.Y) && s.isErrorExpr(n.X) || isNil(n.X) && s.isErrorExpr(n.Y)) {
				found = true
			}
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok && types.ExprString(sel.X) == "errors" && (sel.Sel.Name == "Is" || sel.Sel.Name == "As") {
				found = true
			}
		}
		return !found
	})
	return found
}

func (s *funcScan) isErrorExpr(e ast.Expr) bool {
	t := s.c.lp.info.TypeOf(e)
	return t != nil && types.IsInterface(t) && types.Implements(t, types.Universe.Lookup("error").Type().Underlying().(*types.Interface))
}

// mentionsObj reports whether n uses obj.
func (s *funcScan) mentionsObj(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.c.lp.info.Uses[id] == obj {
			found = true
		}
		return !found
	})
	return found
}

// assignedBetween reports whether obj is assigned in fn between from and to.
func (s *funcScan) assignedBetween(obj types.Object, from, to token.Pos, fn ast.Node) bool {
	found := false
	ast.Inspect(bodyOf(fn), func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || as.Pos() < from || as.Pos() > to {
			return !found
		}
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && s.c.lp.info.ObjectOf(id) == obj {
				found = true
			}
		}
		return !found
	})
	return found
}

// innermostLoop returns the for or range statement that a continue at n
// continues.
func (s *funcScan) innermostLoop(n ast.Node) ast.Node {
	for p := s.parent[n]; p != nil; p = s.parent[p] {
		switch p.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return p
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		}
	}
	return nil
}

// disjoint reports whether the use at n lies on a path of its own that
// cannot reach the close: in a branch, not holding the close, that ends
// in a return, a panic, or a continue or break of a loop holding the
// acquisition.
func (s *funcScan) disjoint(n ast.Node, close ast.Stmt, as *ast.AssignStmt) bool {
	for p := s.parent[n]; p != nil; p = s.parent[p] {
		if s.contains(p, close) {
			return false
		}
		list := stmtList(p)
		if len(list) == 0 {
			continue
		}
		switch last := list[len(list)-1].(type) {
		case *ast.ReturnStmt:
			return true
		case *ast.BranchStmt:
			if last.Tok == token.CONTINUE {
				if loop := s.continueTarget(last); loop != nil && s.contains(loop, as) {
					return true
				}
			}
			if last.Tok == token.BREAK {
				t := s.breakTarget(last)
				if l, ok := t.(*ast.LabeledStmt); ok {
					t = l.Stmt
				}
				switch t.(type) {
				case *ast.ForStmt, *ast.RangeStmt:
					if s.contains(t, as) {
						return true // out of the loop that acquires: the close is not reached again
					}
				}
			}
		case *ast.ExprStmt:
			if endsProcess(last) {
				return true
			}
		}
	}
	return false
}

// sigOf returns the signature of a FuncDecl or FuncLit.
func sigOf(info *types.Info, fn ast.Node) *types.Signature {
	switch f := fn.(type) {
	case *ast.FuncDecl:
		return info.Defs[f.Name].Type().(*types.Signature)
	case *ast.FuncLit:
		return info.TypeOf(f).(*types.Signature)
	}
	return nil
}

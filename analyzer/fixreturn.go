package analyzer

// This file offers the fix for a leaking early return of a resource that
// is closed on some other path, as real leaks usually are: `x.Close()`
// before that return, where the resource is owned on every path from the
// acquisition to it and nothing takes it.

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// returnFix returns the fix that inserts `target.Close()` before each
// return of exits where that is safe, or nil if there is none. It is
// safe before a return when:
//   - the variable is assigned once, by the acquisition, its address is
//     never taken, and it is in scope (not shadowed) at the return;
//   - the acquisition is followed by its error check ending in a return,
//     and every path to the return goes through the check's success edge
//     without coming back to the acquisition (so the resource is open and
//     non-nil there);
//   - on no path from that edge to the return is the resource closed,
//     returned, stored, handed on or to a goroutine, or anything built on
//     it let out of the function, nor is a deferred call registered that
//     uses it (it would run after the Close);
//   - the return statement starts its line and its results do not use
//     the resource or anything built on it (they are computed after the
//     Close).
func (e *engine) returnFix(fn *ssa.Function, a *acquisition, t *tracker, exits []Exit, d *derivation, acqErr map[ssa.Value]bool, target string) *Fix {
	succ := e.fixableSuccess(fn, a, t, d, acqErr)
	if succ == nil {
		return nil
	}
	if len(exits) > maxFixedReturns {
		return nil // each return costs a walk back to the acquisition
	}
	edits := e.closeEdits(fn, a, t, exits, d, succ, target)
	if len(edits) == 0 {
		return nil
	}
	sort.Slice(edits, func(i, j int) bool { return edits[i].Pos < edits[j].Pos })
	return &Fix{Target: target, Edits: edits}
}

// fixableSuccess returns the success edge of a's error check (see
// successEdge) if the conditions of returnFix that concern the
// acquisition itself hold: its variable is assigned once, by it alone,
// it is followed by its error check (see errCheckAfter), nothing between
// it and that check does more than use the resource, and no deferred
// call that uses it is registered before it. Otherwise it returns nil.
func (e *engine) fixableSuccess(fn *ssa.Function, a *acquisition, t *tracker, d *derivation, acqErr map[ssa.Value]bool) *ssa.BasicBlock {
	if len(t.rivals.calls) > 1 || e.errCheckAfter(a) == nil {
		return nil
	}
	body := funcBody(fn)
	if body == nil || !assignedOnce(e.pass.TypesInfo, body, a.obj) {
		return nil
	}
	succ := t.successEdge(a, acqErr)
	if succ == nil {
		return nil
	}
	for _, instr := range a.block.Instrs[a.index+1:] {
		if !t.harmless(instr, d) {
			return nil
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			// A deferred call registered before the acquisition that
			// uses it reads the variable when it runs, after the Close.
			if def, ok := instr.(*ssa.Defer); ok && d.uses(def) && b.Dominates(a.block) {
				return nil
			}
		}
	}
	return succ
}

// closeEdits returns the edits that insert `target.Close()` before each
// leaking return of exits (not one that leaves the resource in a wrapper)
// reached from succ with the resource owned on every path (see
// ownedOnEveryPath), where closeBefore can place it.
func (e *engine) closeEdits(fn *ssa.Function, a *acquisition, t *tracker, exits []Exit, d *derivation, succ *ssa.BasicBlock, target string) []FixEdit {
	rets := returnsByPos(fn)
	var edits []FixEdit
	for _, x := range exits {
		if x.Kind != ReturnExit && x.Kind != ErrorReturnExit && x.Kind != ReadErrorExit || x.Wrapper != "" {
			continue
		}
		ret := rets[x.Pos]
		if ret == nil {
			continue
		}
		path := t.ownedOnEveryPath(a, succ, ret.Block(), d)
		if path == nil {
			continue
		}
		if edit, ok := e.closeBefore(fn, ret, x.Pos, a.obj, target, d, path); ok {
			edits = append(edits, edit)
		}
	}
	return edits
}

// successEdge returns the successor of the If that ends a's block on
// which the acquisition succeeded, when that If tests its error and the
// successor has no other way in; else nil.
func (t *tracker) successEdge(a *acquisition, acqErr map[ssa.Value]bool) *ssa.BasicBlock {
	in, ok := a.block.Instrs[len(a.block.Instrs)-1].(*ssa.If)
	if !ok {
		return nil
	}
	br := t.branch(in, acqErr)
	var s *ssa.BasicBlock
	switch {
	case br.prune[0] && !br.prune[1]:
		s = a.block.Succs[1]
	case br.prune[1] && !br.prune[0]:
		s = a.block.Succs[0]
	default:
		return nil
	}
	if len(s.Preds) != 1 {
		return nil
	}
	return s
}

// maxFixedReturns bounds the leaking returns of one acquisition that
// returnFix considers, so that the fixes stay linear in the size of a
// function: each costs a walk of the blocks on the paths to it.
const maxFixedReturns = 16

// ownedOnEveryPath returns the blocks on the paths from succ (a's success
// edge) to exit, the block of a leaking return, if every path to exit goes
// through succ and, from there, neither comes back to the acquisition nor
// does anything to the resource but use it (see harmless); else nil.
func (t *tracker) ownedOnEveryPath(a *acquisition, succ, exit *ssa.BasicBlock, d *derivation) map[*ssa.BasicBlock]bool {
	if !succ.Dominates(exit) {
		return nil
	}
	seen := make(map[*ssa.BasicBlock]bool)
	work := []*ssa.BasicBlock{exit}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if b == a.block {
			return nil // a loop back to the acquisition
		}
		for _, instr := range b.Instrs {
			if !t.harmless(instr, d) {
				return nil
			}
		}
		if b != succ {
			work = append(work, b.Preds...)
		}
	}
	return seen
}

// harmless reports whether instr, on a path where the resource is open,
// leaves it this function's to close and closing it later is invisible
// to it: not an event of the walk (a close, a transfer, a hand-off, an
// overwrite), not an escape of a value built on it, not a store that
// replaces a field of it, not a deferred call that uses it.
func (t *tracker) harmless(instr ssa.Instruction, d *derivation) bool {
	if t.events[instr] != evNone || t.rivals.overwrites(instr) || d.escapes[instr] {
		return false
	}
	switch in := instr.(type) {
	case *ssa.Store:
		if fa, ok := in.Addr.(*ssa.FieldAddr); ok && t.classes[fa] == isCell {
			return false // resp.Body = …
		}
	case *ssa.Defer:
		return !d.uses(in)
	case *ssa.Go:
		return !d.uses(in)
	}
	return true
}

// returnsByPos returns the returns of fn by position, as returnExit
// gives it (the closing brace for the implicit return at the end).
func returnsByPos(fn *ssa.Function) map[token.Pos]*ssa.Return {
	rets := make(map[token.Pos]*ssa.Return)
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			p := ret.Pos()
			if !p.IsValid() {
				p = closingBrace(fn)
			}
			rets[p] = ret
		}
	}
	return rets
}

// closeBefore returns the edit that inserts `target.Close()` before the
// return ret at pos (a return statement, or the function's closing brace),
// if the syntax allows it: the statement starts its line, obj is the
// variable its name means there, and the return's results use neither
// obj nor anything built on the resource.
func (e *engine) closeBefore(fn *ssa.Function, ret *ssa.Return, pos token.Pos, obj types.Object, target string, d *derivation, blocks map[*ssa.BasicBlock]bool) (FixEdit, bool) {
	file := e.fileOf(pos)
	if file == nil || !visibleAt(e.pass.Pkg, obj, pos) {
		return FixEdit{}, false
	}
	col := e.pass.Fset.Position(pos).Column
	indent := strings.Repeat("\t", max(col-1, 0))
	if !ret.Pos().IsValid() {
		// The end of the function: after its last statement, on a line
		// of its own.
		body := funcBody(fn)
		if body == nil || body.Rbrace != pos || len(body.List) == 0 || e.sameLine(body.List[len(body.List)-1].End(), pos) {
			return FixEdit{}, false
		}
		return FixEdit{Pos: pos, Text: "\t" + target + ".Close()\n" + indent, End: true}, true
	}
	path, _ := astutil.PathEnclosingInterval(file, pos, pos)
	if len(path) < 2 {
		return FixEdit{}, false
	}
	stmt, ok := path[0].(*ast.ReturnStmt)
	if !ok || stmt.Pos() != pos || !e.startsLine(stmt, path[1]) {
		return FixEdit{}, false
	}
	if e.mentions(stmt, obj, target) || usesDerivedIn(blocks, stmt.Pos(), stmt.End(), d) {
		return FixEdit{}, false
	}
	return FixEdit{Pos: pos, Text: target + ".Close()\n" + indent}, true
}

// mentions reports whether node uses the variable obj, other than to read
// a field of it that the fix does not close: resp.Status is still there
// after resp.Body.Close(), resp.Body and resp are not.
func (e *engine) mentions(node ast.Node, obj types.Object, target string) bool {
	fieldOnly := make(map[*ast.Ident]bool)
	ast.Inspect(node, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := ast.Unparen(sel.X).(*ast.Ident)
		if s := e.pass.TypesInfo.Selections[sel]; ok && s != nil && s.Kind() == types.FieldVal && obj.Name()+"."+sel.Sel.Name != target && target != obj.Name() {
			fieldOnly[id] = true
		}
		return true
	})
	uses := false
	ast.Inspect(node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && !fieldOnly[id] && e.pass.TypesInfo.ObjectOf(id) == obj {
			uses = true
		}
		return !uses
	})
	return uses
}

// usesDerivedIn reports whether an instruction of the blocks path whose
// position is in [from, to) uses a value of d (reading a field of the
// resource that cannot hold it, resp.Status, is not a use: derive leaves
// those out). What a return computes is on the paths to it.
func usesDerivedIn(path map[*ssa.BasicBlock]bool, from, to token.Pos, d *derivation) bool {
	var ops []*ssa.Value
	for b := range path {
		for _, instr := range b.Instrs {
			if p := instr.Pos(); p < from || p >= to {
				continue
			}
			switch in := instr.(type) {
			case *ssa.FieldAddr, *ssa.Field:
				if !d.values[in.(ssa.Value)] {
					continue
				}
			}
			for _, op := range instr.Operands(ops[:0]) {
				if op != nil && d.values[*op] {
					return true
				}
			}
		}
	}
	return false
}

// startsLine reports whether stmt, a statement of parent (a block or a
// case or select clause), is the first thing on its line.
func (e *engine) startsLine(stmt ast.Stmt, parent ast.Node) bool {
	var list []ast.Stmt
	var open token.Pos
	switch p := parent.(type) {
	case *ast.BlockStmt:
		list, open = p.List, p.Lbrace
	case *ast.CaseClause:
		list, open = p.Body, p.Colon
	case *ast.CommClause:
		list, open = p.Body, p.Colon
	default:
		return false
	}
	prev := open
	for _, s := range list {
		if s == stmt {
			return !e.sameLine(prev, stmt.Pos())
		}
		prev = s.End()
	}
	return false
}

// sameLine reports whether a and b are on the same line.
func (e *engine) sameLine(a, b token.Pos) bool {
	return e.pass.Fset.Position(a).Line == e.pass.Fset.Position(b).Line
}

// visibleAt reports whether obj is what its name means at pos.
func visibleAt(pkg *types.Package, obj types.Object, pos token.Pos) bool {
	scope := pkg.Scope().Innermost(pos)
	if scope == nil {
		return false
	}
	_, found := scope.LookupParent(obj.Name(), pos)
	return found == obj
}

// funcBody returns the body of fn's syntax, or nil.
func funcBody(fn *ssa.Function) *ast.BlockStmt {
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		return syn.Body
	case *ast.FuncLit:
		return syn.Body
	}
	return nil
}

// assignedOnce reports whether obj is assigned exactly once in body (by
// the acquisition), and its address is never taken.
func assignedOnce(info *types.Info, body *ast.BlockStmt, obj types.Object) bool {
	n := 0
	is := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.ObjectOf(id) == obj
	}
	ok := true
	ast.Inspect(body, func(node ast.Node) bool {
		switch s := node.(type) {
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if is(l) {
					n++
				}
			}
		case *ast.RangeStmt:
			if s.Key != nil && is(s.Key) || s.Value != nil && is(s.Value) {
				n++
			}
		case *ast.ValueSpec:
			for _, name := range s.Names {
				if is(name) && len(s.Values) > 0 {
					n++
				}
			}
		case *ast.UnaryExpr:
			if s.Op == token.AND && is(s.X) {
				ok = false
			}
		}
		return ok
	})
	return ok && n == 1
}

package analyzer

// This file follows the control flow of the syntax indexed by loopSyntax.
// It mirrors what the language specifies (statement order, short-circuit
// evaluation, the order of case tests), not how go/ssa lays out blocks.

import (
	"go/ast"
	"go/token"
)

// maxSteps bounds a walk: a loop whose body emits nothing would go round
// forever.
const maxSteps = 10000

// A jump is the first transfer of control to a loop's continue target on
// a walk: a continue statement, or (stmt nil) the natural end of a body.
type jump struct {
	taken bool
	stmt  *ast.BranchStmt
}

// walk follows the syntax from pt while it emits no positioned
// instruction. It returns where it stops (a test, a positioned unit, an
// exit, or the zero point when it cannot tell) and the first jump on the
// way.
func (ls *loopSyntax) walk(pt point) (point, jump) {
	var j jump
	for range maxSteps {
		switch pt.kind {
		case ptStop, ptTest:
			return pt, j
		case ptBefore:
			pt = ls.before(pt.n.(ast.Stmt), &j)
		case ptAfter:
			pt = ls.after(pt.n, &j)
		case ptCond:
			pt = ls.condStart(pt.n.(ast.Expr))
		case ptCont:
			pt = ls.cont(pt.n)
		case ptSelect:
			pt = ls.caseFrom(pt.n.(ast.Stmt), 0)
		}
	}
	return point{}, jump{}
}

// before is the point after the start of statement s.
func (ls *loopSyntax) before(s ast.Stmt, j *jump) point {
	switch s := s.(type) {
	case *ast.BlockStmt:
		if len(s.List) > 0 {
			return point{ptBefore, s.List[0]}
		}
		return point{ptAfter, s}
	case *ast.LabeledStmt:
		return point{ptBefore, s.Stmt}
	case *ast.IfStmt:
		if s.Init != nil {
			return point{ptBefore, s.Init}
		}
		return point{ptCond, s.Cond}
	case *ast.ForStmt:
		if s.Init != nil {
			return point{ptBefore, s.Init}
		}
		return ls.loopEntry(s)
	case *ast.RangeStmt:
		if ls.overFunc(s) {
			return point{}
		}
		return point{ptTest, s}
	case *ast.SwitchStmt:
		if s.Init != nil {
			return point{ptBefore, s.Init}
		}
		return ls.tag(s)
	case *ast.TypeSwitchStmt:
		if s.Init != nil {
			return point{ptBefore, s.Init}
		}
		return point{ptBefore, s.Assign}
	case *ast.SelectStmt:
		if len(s.Body.List) == 1 { // go/ssa compiles it to its one operation
			if c := s.Body.List[0].(*ast.CommClause); c.Comm != nil {
				return ls.clauseBody(c)
			}
		}
		return point{ptStop, s} // the select instruction
	case *ast.BranchStmt:
		return ls.branch(s, j)
	case *ast.ReturnStmt:
		return point{ptStop, s}
	}
	if ls.positioned(s.Pos(), s.End()) {
		return point{ptStop, s}
	}
	return point{ptAfter, s}
}

// after is the point after n (a statement, or a switch tag) completed
// normally.
func (ls *loopSyntax) after(n ast.Node, j *jump) point {
	switch p := ls.parent[n].(type) {
	case *ast.BlockStmt:
		if i := ls.index[n] + 1; i < len(p.List) {
			return point{ptBefore, p.List[i]}
		}
		return point{ptAfter, p}
	case *ast.CaseClause:
		if i := ls.index[n] + 1; i < len(p.Body) {
			return point{ptBefore, p.Body[i]}
		}
		return point{ptAfter, ls.parent[ls.parent[p]]}
	case *ast.CommClause:
		if i := ls.index[n] + 1; i < len(p.Body) {
			return point{ptBefore, p.Body[i]}
		}
		return point{ptAfter, ls.parent[ls.parent[p]]}
	case *ast.LabeledStmt:
		return point{ptAfter, p}
	case *ast.IfStmt:
		if n == p.Init {
			return point{ptCond, p.Cond}
		}
		return point{ptAfter, p}
	case *ast.ForStmt:
		if n != p.Body {
			return ls.loopEntry(p) // after the init or post statement
		}
		if !j.taken {
			*j = jump{taken: true}
		}
		return point{ptCont, p}
	case *ast.RangeStmt:
		if !j.taken {
			*j = jump{taken: true}
		}
		return point{ptCont, p}
	case *ast.SwitchStmt:
		if n == p.Init {
			return ls.tag(p)
		}
		return ls.caseFrom(p, 0)
	case *ast.TypeSwitchStmt:
		if n == p.Init {
			return point{ptBefore, p.Assign}
		}
		return ls.caseFrom(p, 0)
	}
	return point{} // the end of the function
}

// branch is the point a branch statement goes to.
func (ls *loopSyntax) branch(s *ast.BranchStmt, j *jump) point {
	var target ast.Node
	if s.Label != nil {
		if l := ls.labels[s.Label.Name]; l != nil {
			target = l.Stmt
		}
	}
	switch s.Tok {
	case token.CONTINUE, token.BREAK:
		for n := ast.Node(s); target == nil && n != nil; n = ls.parent[n] {
			switch n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				target = n
			case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if s.Tok == token.BREAK {
					target = n
				}
			}
		}
		if target == nil {
			return point{}
		}
		if s.Tok == token.BREAK {
			return point{ptAfter, target}
		}
		if !j.taken {
			*j = jump{true, s}
		}
		return point{ptCont, target}
	case token.FALLTHROUGH:
		if c, ok := ls.parent[s].(*ast.CaseClause); ok {
			list := ls.parent[c].(*ast.BlockStmt).List
			if i := ls.index[c] + 1; i < len(list) {
				return ls.clauseBody(list[i])
			}
		}
	}
	return point{} // goto
}

// loopEntry is the point where each iteration of f starts.
func (ls *loopSyntax) loopEntry(f *ast.ForStmt) point {
	if f.Cond != nil {
		return point{ptCond, f.Cond}
	}
	return point{ptBefore, f.Body}
}

// cont is the point a jump to the continue target of loop n goes to.
func (ls *loopSyntax) cont(n ast.Node) point {
	if f, ok := n.(*ast.ForStmt); ok {
		if f.Post != nil {
			return point{ptBefore, f.Post}
		}
		return ls.loopEntry(f)
	}
	return point{ptTest, n} // a range loop's test for a next element
}

// tag is the point after the start of switch s's tag.
func (ls *loopSyntax) tag(s *ast.SwitchStmt) point {
	if s.Tag != nil && ls.positioned(s.Tag.Pos(), s.Tag.End()) {
		return point{ptStop, s.Tag}
	}
	return ls.caseFrom(s, 0)
}

package analyzer

// This file follows the syntax through the tests of conditions, switch,
// type switch and select statements, and range loops: which test comes
// next, and where each outcome leads.

import (
	"go/ast"
	"go/token"
	"slices"
)

// caseFrom is the point where the cases of sw (a switch, type switch or
// select statement) are tested from clause k on: the first test, or the
// default clause.
func (ls *loopSyntax) caseFrom(sw ast.Stmt, k int) point {
	var body *ast.BlockStmt
	switch s := sw.(type) {
	case *ast.SwitchStmt:
		body = s.Body
	case *ast.TypeSwitchStmt:
		body = s.Body
	case *ast.SelectStmt:
		body = s.Body
	}
	var def ast.Stmt
	for i, c := range body.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			if c.List == nil {
				def = c
			} else if i >= k {
				if _, expr := sw.(*ast.SwitchStmt); expr {
					return ls.caseTest(c, c.List[0])
				}
				return point{ptTest, c}
			}
		case *ast.CommClause:
			if c.Comm == nil {
				def = c
			} else if i >= k {
				return point{ptTest, c}
			}
		}
	}
	if def != nil {
		return ls.clauseBody(def)
	}
	if _, sel := sw.(*ast.SelectStmt); sel {
		return point{} // a blocking select that matched no case panics
	}
	return point{ptAfter, sw}
}

// caseTest is the first test of expression x of case clause c: x itself,
// or its first operand if it is a condition (see isCond).
func (ls *loopSyntax) caseTest(c *ast.CaseClause, x ast.Expr) point {
	if ls.isCond(c, x) {
		return ls.condStart(x)
	}
	return point{ptTest, x}
}

// clauseBody is the point after the start of the body of clause c.
func (ls *loopSyntax) clauseBody(c ast.Stmt) point {
	var list []ast.Stmt
	switch c := c.(type) {
	case *ast.CaseClause:
		list = c.Body
	case *ast.CommClause:
		list = c.Body
	}
	if len(list) > 0 {
		return point{ptBefore, list[0]}
	}
	return point{ptAfter, ls.parent[ls.parent[c]]}
}

// condStart is the first test of condition x.
func (ls *loopSyntax) condStart(x ast.Expr) point {
	for {
		switch e := x.(type) {
		case *ast.ParenExpr:
			x = e.X
			continue
		case *ast.UnaryExpr:
			if e.Op == token.NOT {
				x = e.X
				continue
			}
		case *ast.BinaryExpr:
			if e.Op == token.LAND || e.Op == token.LOR {
				x = e.X
				continue
			}
		}
		return point{ptTest, x}
	}
}

// next is the point after test t gave outcome.
func (ls *loopSyntax) next(t point, outcome bool) point {
	switch n := t.n.(type) {
	case *ast.RangeStmt:
		if outcome {
			return point{ptBefore, n.Body}
		}
		return point{ptAfter, n}
	case *ast.CaseClause: // of a type switch
		if outcome {
			return ls.clauseBody(n)
		}
		if len(n.List) > 1 {
			return point{} // the next type of the clause, or the next clause
		}
		return ls.caseFrom(ls.parent[ls.parent[n]].(ast.Stmt), ls.index[n]+1)
	case *ast.CommClause:
		if outcome {
			return ls.clauseBody(n)
		}
		return ls.caseFrom(ls.parent[ls.parent[n]].(ast.Stmt), ls.index[n]+1)
	case ast.Expr:
		return ls.condNext(n, outcome)
	}
	return point{}
}

// condNext is the point after operand x of a condition (of an if or for
// statement, or a case of a tagless switch) gave outcome.
func (ls *loopSyntax) condNext(x ast.Expr, outcome bool) point {
	for {
		switch p := ls.parent[x].(type) {
		case *ast.ParenExpr:
			x = p
		case *ast.UnaryExpr:
			x, outcome = p, !outcome
		case *ast.BinaryExpr:
			if x == p.X && (p.Op == token.LAND) == outcome {
				return ls.condStart(p.Y)
			}
			x = p
		case *ast.IfStmt:
			switch {
			case outcome:
				return point{ptBefore, p.Body}
			case p.Else != nil:
				return point{ptBefore, p.Else}
			}
			return point{ptAfter, p}
		case *ast.ForStmt:
			if outcome {
				return point{ptBefore, p.Body}
			}
			return point{ptAfter, p}
		case *ast.CaseClause:
			if outcome {
				return ls.clauseBody(p)
			}
			if i := slices.Index(p.List, x) + 1; i < len(p.List) {
				return ls.caseTest(p, p.List[i])
			}
			return ls.caseFrom(ls.parent[ls.parent[p]].(ast.Stmt), ls.index[p]+1)
		default:
			return point{}
		}
	}
}

package analyzer

// This file models the control flow of one function's syntax, in just
// enough detail to follow it from a point the SSA form reached through the
// statements that emit no positioned instruction (so that go/ssa folds
// them into a CFG edge), and to name the continue statement on the way.

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A pointKind says where a point is relative to its node.
type pointKind uint8

const (
	ptStop   pointKind = iota // the walk stops: a positioned unit n, an exit n, or (n nil, the zero point) unknown
	ptBefore                  // statement n is about to execute
	ptAfter                   // n (statement, init, post, tag, assign) completed normally
	ptCond                    // condition n of an if or for is about to be evaluated
	ptTest                    // test n: a condition leaf, a case expression, a type or comm clause, a range loop
	ptCont                    // control goes to the continue target of loop n
	ptSelect                  // the select instruction of n ran: its cases are tested next
)

// A point is a place in the control flow of the syntax.
type point struct {
	kind pointKind
	n    ast.Node
}

// A unit is a piece of syntax whose instructions go/ssa emits in one
// place, and the point after them.
type unit struct {
	from, to token.Pos
	after    point
	// logical: the unit computes the value of a && or || operator,
	// which takes tests (Ifs) of its own.
	logical bool
}

// loopSyntax is the syntax of one function (not of the function literals
// in it) as continueAt needs it.
type loopSyntax struct {
	body   *ast.BlockStmt
	parent map[ast.Node]ast.Node // statement, clause or condition operand -> its parent
	index  map[ast.Node]int      // statement or clause -> its index in its list
	labels map[string]*ast.LabeledStmt
	units  []unit      // sorted, disjoint
	skip   []unit      // syntax whose instructions are emitted elsewhere (range heads, comm statements)
	pos    []token.Pos // the positions of fn's instructions outside skip, sorted
	info   *types.Info
}

// newLoopSyntax indexes the body of fn's syntax.
func newLoopSyntax(fn *ssa.Function, body *ast.BlockStmt, info *types.Info) *loopSyntax {
	ls := &loopSyntax{body: body, parent: make(map[ast.Node]ast.Node), index: make(map[ast.Node]int), labels: make(map[string]*ast.LabeledStmt), info: info}
	ls.stmt(body, nil)
	byFrom := func(a, b unit) int { return int(a.from - b.from) }
	slices.SortFunc(ls.units, byFrom)
	slices.SortFunc(ls.skip, byFrom)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if p := anchorPos(ls, instr); p.IsValid() {
				ls.pos = append(ls.pos, p)
			}
		}
	}
	slices.Sort(ls.pos)
	return ls
}

// stmt indexes statement s, whose parent is parent.
func (ls *loopSyntax) stmt(s ast.Stmt, parent ast.Node) {
	if s == nil {
		return
	}
	ls.parent[s] = parent
	switch s := s.(type) {
	case *ast.BlockStmt:
		for i, c := range s.List {
			ls.index[c] = i
			ls.stmt(c, s)
		}
	case *ast.LabeledStmt:
		ls.labels[s.Label.Name] = s
		ls.stmt(s.Stmt, s)
	case *ast.IfStmt:
		ls.stmt(s.Init, s)
		ls.cond(s.Cond, s)
		ls.stmt(s.Body, s)
		ls.stmt(s.Else, s)
	case *ast.ForStmt:
		ls.stmt(s.Init, s)
		if s.Cond != nil {
			ls.cond(s.Cond, s)
		}
		ls.stmt(s.Post, s)
		ls.stmt(s.Body, s)
	case *ast.RangeStmt:
		ls.skip = append(ls.skip, unit{from: s.For, to: s.Body.Lbrace})
		if !ls.overFunc(s) { // a range-over-func body is another function
			ls.stmt(s.Body, s)
		}
	case *ast.SwitchStmt:
		ls.stmt(s.Init, s)
		if s.Tag != nil {
			ls.parent[s.Tag] = s
			ls.add(s.Tag, s.Tag.Pos(), s.Tag.End(), point{ptAfter, s.Tag})
		}
		ls.clauses(s.Body, s)
	case *ast.TypeSwitchStmt:
		ls.stmt(s.Init, s)
		ls.stmt(s.Assign, s)
		ls.clauses(s.Body, s)
	case *ast.SelectStmt:
		ls.add(nil, s.Select, s.Body.Lbrace, point{ptSelect, s})
		ls.clauses(s.Body, s)
	case *ast.BranchStmt:
		// no instruction of its own
	case *ast.ReturnStmt:
		ls.add(s, s.Pos(), s.End(), point{ptStop, s})
	default:
		ls.add(s, s.Pos(), s.End(), point{ptAfter, s})
	}
}

// add adds the unit of syntax n (nil for none but a keyword) in [from, to).
func (ls *loopSyntax) add(n ast.Node, from, to token.Pos, after point) {
	logical := false
	if n != nil {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BinaryExpr:
				logical = logical || n.Op == token.LAND || n.Op == token.LOR
			}
			return !logical
		})
	}
	ls.units = append(ls.units, unit{from, to, after, logical})
}

// clauses indexes the clauses of a switch, type switch or select.
func (ls *loopSyntax) clauses(body *ast.BlockStmt, parent ast.Node) {
	ls.parent[body] = parent
	for i, c := range body.List {
		ls.parent[c], ls.index[c] = body, i
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			if _, typeSwitch := parent.(*ast.TypeSwitchStmt); typeSwitch && c.List != nil {
				ls.add(nil, c.Case, c.Colon, point{ptTest, c})
			} else {
				for _, x := range c.List {
					if ls.isCond(c, x) {
						ls.cond(x, c)
						continue
					}
					ls.parent[x] = c
					ls.add(x, x.Pos(), x.End(), point{ptTest, x})
				}
			}
			list = c.Body
		case *ast.CommClause:
			if c.Comm != nil {
				ls.skip = append(ls.skip, unit{from: c.Comm.Pos(), to: c.Comm.End()})
			}
			list = c.Body
		}
		for i, s := range list {
			ls.index[s] = i
			ls.stmt(s, c)
		}
	}
}

// cond indexes condition x of an if or for statement: its leaves, the
// operands that go/ssa tests one If at a time.
func (ls *loopSyntax) cond(x ast.Expr, parent ast.Node) {
	ls.parent[x] = parent
	switch e := x.(type) {
	case *ast.ParenExpr:
		ls.cond(e.X, e)
		return
	case *ast.UnaryExpr:
		if e.Op == token.NOT {
			ls.cond(e.X, e)
			return
		}
	case *ast.BinaryExpr:
		if e.Op == token.LAND || e.Op == token.LOR {
			ls.cond(e.X, e)
			ls.cond(e.Y, e)
			return
		}
	}
	ls.add(x, x.Pos(), x.End(), point{ptTest, x})
}

// hasContinue reports whether body has a continue statement of its own
// (not one of a function literal in it).
func hasContinue(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			found = found || n.Tok == token.CONTINUE
		}
		return !found
	})
	return found
}

// isCond reports whether x, an expression of case clause c, is a
// condition that go/ssa tests operand by operand, as an if statement's:
// a case of a tagless switch that is not an interface value.
func (ls *loopSyntax) isCond(c *ast.CaseClause, x ast.Expr) bool {
	sw, ok := ls.parent[ls.parent[c]].(*ast.SwitchStmt)
	if !ok || sw.Tag != nil {
		return false
	}
	if ls.info != nil {
		if t := ls.info.TypeOf(x); t != nil && types.IsInterface(t) {
			return false
		}
	}
	return true
}

// overFunc reports whether s ranges over a function (go/ssa compiles its
// body to a function of its own).
func (ls *loopSyntax) overFunc(s *ast.RangeStmt) bool {
	if ls.info == nil {
		return false
	}
	t := ls.info.TypeOf(s.X)
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Signature)
	return ok
}

// spanAt returns the index of the unit of units (sorted and disjoint)
// that holds p, or -1.
func spanAt(units []unit, p token.Pos) int {
	i, _ := slices.BinarySearchFunc(units, p+1, func(u unit, p token.Pos) int { return int(u.from - p) })
	if i > 0 && p < units[i-1].to {
		return i - 1
	}
	return -1
}

// positioned reports whether go/ssa emitted a positioned instruction for
// the syntax in [from, to).
func (ls *loopSyntax) positioned(from, to token.Pos) bool {
	i, _ := slices.BinarySearch(ls.pos, from)
	return i < len(ls.pos) && ls.pos[i] < to
}

// anchorPos returns the position of instr if it marks where in the syntax
// control is: not a φ-node (placed where control paths merge), nor an
// instruction go/ssa emits elsewhere than its syntax (see skip).
func anchorPos(ls *loopSyntax, instr ssa.Instruction) token.Pos {
	if _, phi := instr.(*ssa.Phi); phi {
		return token.NoPos
	}
	if p := instr.Pos(); p.IsValid() && spanAt(ls.skip, p) < 0 {
		return p
	}
	return token.NoPos
}

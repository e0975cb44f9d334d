package analyzer

// This file recognises, for the forward walk, the edges of the CFG that
// are continue statements: a resource dropped by a continue is reported
// at the statement.

import (
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A continueStmt is a continue statement and the body of the loop it
// continues.
type continueStmt struct {
	pos  token.Pos
	body *ast.BlockStmt
}

// continueStmts returns fn's own continue statements (not those of nested
// function literals), in source order, each with its loop's body.
func continueStmts(fn *ssa.Function) []continueStmt {
	var body *ast.BlockStmt
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = syn.Body
	case *ast.FuncLit:
		body = syn.Body
	}
	if body == nil {
		return nil
	}
	var out []continueStmt
	var loops []ast.Stmt // the loops enclosing the node being visited
	labels := make(map[string]ast.Stmt)
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			labels[n.Label.Name] = n.Stmt
		case *ast.ForStmt, *ast.RangeStmt:
			loops = append(loops, n.(ast.Stmt))
			for _, c := range childNodes(n) {
				if c != nil {
					ast.Inspect(c, visit)
				}
			}
			loops = loops[:len(loops)-1]
			return false
		case *ast.BranchStmt:
			if n.Tok != token.CONTINUE || len(loops) == 0 {
				return true
			}
			loop := loops[len(loops)-1]
			if n.Label != nil && labels[n.Label.Name] != nil {
				loop = labels[n.Label.Name]
			}
			out = append(out, continueStmt{n.Pos(), loopBody(loop)})
		}
		return true
	}
	ast.Inspect(body, visit)
	return out
}

// childNodes returns the direct children of a loop statement.
func childNodes(n ast.Node) []ast.Node {
	switch n := n.(type) {
	case *ast.ForStmt:
		return []ast.Node{n.Init, n.Cond, n.Post, n.Body}
	case *ast.RangeStmt:
		return []ast.Node{n.Key, n.Value, n.X, n.Body}
	}
	return nil
}

// loopBody returns the body of a for or range statement, or nil.
func loopBody(s ast.Stmt) *ast.BlockStmt {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body
	case *ast.RangeStmt:
		return s.Body
	}
	return nil
}

// throughEdge returns the state of a path after it takes the edge from b
// to succ: if the edge is a continue statement, the path records it.
func (e *engine) throughEdge(fn *ssa.Function, b, succ *ssa.BasicBlock, st flowState) flowState {
	if st.contPos.IsValid() {
		return st
	}
	if pos := e.continueAt(fn, b, succ); pos.IsValid() {
		st.contPos = pos
	}
	return st
}

// continueAt returns the position of the continue statement that makes
// the edge from b to succ, or NoPos when the edge is not a continue.
//
// go/ssa compiles continue to a jump to the loop's continue block (its
// "for.post" block or the loop header) from the block the statement ends, and threads
// an if-body that holds nothing but the continue into the If itself. The
// natural end of a loop body is a Jump from a block that is not a branch
// body. The statement is the first continue after b's last position.
func (e *engine) continueAt(fn *ssa.Function, b, succ *ssa.BasicBlock) token.Pos {
	if succ.Comment != "for.post" && !succ.Dominates(b) {
		return token.NoPos // neither the post statement nor a back edge
	}
	if _, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If); isIf {
		// A continue threaded into the If of its if statement; not the
		// test of a loop's own header (for.loop, rangeint.loop, …),
		// whose back edge is the loop going round.
		if strings.HasSuffix(b.Comment, ".loop") {
			return token.NoPos
		}
	} else {
		switch b.Comment {
		case "if.then", "if.else", "switch.body", "typeswitch.body", "select.body":
		default:
			return token.NoPos
		}
	}
	last := lastPos(b)
	conts, ok := e.continues[fn]
	if !ok {
		conts = continueStmts(fn)
		e.continues[fn] = conts
	}
	// The statement is the first continue after b's last position, in
	// the body of the loop that position is in.
	for _, c := range conts {
		if c.pos > last {
			if c.body != nil && c.body.Lbrace < last && last < c.body.Rbrace {
				return c.pos
			}
			return token.NoPos
		}
	}
	return token.NoPos
}

// lastPos returns the greatest position of an instruction in b, or failing
// that in its dominators.
func lastPos(b *ssa.BasicBlock) token.Pos {
	for ; b != nil; b = b.Idom() {
		var last token.Pos
		for _, instr := range b.Instrs {
			if p := instr.Pos(); p > last {
				last = p
			}
		}
		if last.IsValid() {
			return last
		}
	}
	return token.NoPos
}

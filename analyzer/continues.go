package analyzer

// This file recognises, for the forward walk, the edges of the CFG that
// are continue statements: a resource dropped by a continue is reported
// at the statement.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// fnContinues is what continueAt knows of one function: its syntax, and
// what it found so far at the end of each block.
type fnContinues struct {
	ls   *loopSyntax
	ends []blockEnd // by block index
}

// A blockEnd is where in the syntax a block's terminator is.
type blockEnd struct {
	state uint8 // 0 not computed, 1 being computed, 2 computed
	ok    bool  // the syntax point is known
	// at is, for a block ending in an If, the test it makes; for one
	// ending in a Jump, where the walk out of it stops.
	at point
	// jmp is, for a block ending in a Jump, the first jump to a loop's
	// continue target on its way out.
	jmp jump
	// inside: b ends inside the evaluation of a && or || operator's
	// value (see unit.logical); inner: its If is one of the operator's
	// tests (see logicalIf), and both edges lead on to at.
	inside, inner bool
	out           [2]edgeOut // per successor of an If, memoized
}

// An edgeOut is the first jump to a continue target on an edge, and the
// point where the syntax walk along it stops.
type edgeOut struct {
	done, ok, inside bool
	jmp              jump
	at               point
}

// continuesOf returns (computing once) what continueAt needs of fn, or
// nil if fn has no syntax or no continue statement.
func (e *engine) continuesOf(fn *ssa.Function) *fnContinues {
	fi := e.info(fn)
	if fi.continuesDone {
		return fi.continues
	}
	var fc *fnContinues
	var body *ast.BlockStmt
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		body = syn.Body
	case *ast.FuncLit:
		body = syn.Body
	}
	if body != nil && hasContinue(body) {
		fc = &fnContinues{ls: newLoopSyntax(fn, body, e.pass.TypesInfo), ends: make([]blockEnd, len(fn.Blocks))}
	}
	fi.continues, fi.continuesDone = fc, true
	return fc
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
// go/ssa compiles continue to a jump (with no position) to the loop's
// continue target, and folds blocks that hold nothing but a jump into
// the edges that lead to them. So the edge is found in the syntax: from
// where b's last positioned instruction is (or, for a block that has
// none, from where the edges into it lead), through the outcome of b's
// If and what emits no positioned instruction, to the first jump to a
// loop's continue target; the edge is a continue if that jump is a
// continue statement. Only edges into a continue target are looked at:
// succ closes a loop with b (a back edge), or succ is a latch, a block
// that a successor of it dominates (the block of a for loop's post
// statement, or the increment of a range-over-int loop).
func (e *engine) continueAt(fn *ssa.Function, b, succ *ssa.BasicBlock) token.Pos {
	fc := e.continuesOf(fn)
	if fc == nil || !succ.Dominates(b) && !slices.ContainsFunc(succ.Succs, func(h *ssa.BasicBlock) bool { return h.Dominates(succ) }) {
		return token.NoPos
	}
	out := fc.out(b, slices.Index(b.Succs, succ))
	if !out.ok || out.jmp.stmt == nil || !fc.startsAt(succ, out.at) {
		return token.NoPos
	}
	if _, jumps := terminator(succ).(*ssa.Jump); jumps && !fc.anchored(succ) {
		// succ holds nothing but the jump (go/ssa keeps such a block
		// before a target with φ-nodes): the continue is its edge.
		return token.NoPos
	}
	return out.jmp.stmt.Pos()
}

// terminator returns the last instruction of b, a Jump, If, Return or
// Panic.
func terminator(b *ssa.BasicBlock) ssa.Instruction {
	return b.Instrs[len(b.Instrs)-1]
}

// anchored reports whether b has an instruction that places it in the
// syntax.
func (fc *fnContinues) anchored(b *ssa.BasicBlock) bool {
	return slices.ContainsFunc(b.Instrs, func(instr ssa.Instruction) bool { return anchorPos(fc.ls, instr).IsValid() })
}

// startsAt reports whether b starts where a syntax walk stopped: one of
// b's positioned instructions is in the syntax of stop, or b ends there
// too (b holds no positioned instruction, or only copies of a loop's
// variables for the next iteration, and ends in that test).
func (fc *fnContinues) startsAt(b *ssa.BasicBlock, stop point) bool {
	if stop.n == nil {
		return false
	}
	for _, instr := range b.Instrs {
		if p := anchorPos(fc.ls, instr); p.IsValid() && stop.n.Pos() <= p && p < stop.n.End() {
			return true
		}
	}
	end := fc.end(b)
	return end.ok && end.at == stop
}

// logicalIf reports whether b's If tests the left operand of a && or ||
// operator whose value is wanted (x := a && b, f(a || b), a case of a
// tagless switch), not a condition: a successor of b merges from b the
// boolean constant that decides the operator.
func logicalIf(b *ssa.BasicBlock) bool {
	if _, ok := terminator(b).(*ssa.If); !ok {
		return false
	}
	for _, s := range b.Succs {
		i := slices.Index(s.Preds, b)
		for _, instr := range s.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				break
			}
			if c, ok := phi.Edges[i].(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.Bool {
				return true
			}
		}
	}
	return false
}

// out returns what the syntax walk finds along the i-th edge out of b.
func (fc *fnContinues) out(b *ssa.BasicBlock, i int) edgeOut {
	end := fc.end(b)
	if !end.ok {
		return edgeOut{}
	}
	switch terminator(b).(type) {
	case *ssa.Jump:
		return edgeOut{done: true, ok: true, inside: end.inside, jmp: end.jmp, at: end.at}
	case *ssa.If:
		if end.inner {
			return edgeOut{done: true, ok: true, inside: true, jmp: end.jmp, at: end.at}
		}
		if end.at.kind != ptTest || i < 0 || i > 1 {
			return edgeOut{}
		}
		if o := &end.out[i]; !o.done {
			o.at, o.jmp = fc.ls.walk(fc.ls.next(end.at, i == 0))
			o.done, o.ok = true, true
		}
		return end.out[i]
	}
	return edgeOut{}
}

// end returns where in the syntax b's terminator is, computing it once.
// A block with a positioned instruction is placed by the last one; a
// block without is placed where the edges into it lead, if they agree.
func (fc *fnContinues) end(b *ssa.BasicBlock) *blockEnd {
	end := &fc.ends[b.Index]
	if end.state != 0 {
		return end // computed, or being computed (a cycle: not known)
	}
	end.state = 1
	defer func() { end.state = 2 }()
	var start point
	switch last := fc.lastAnchor(b); {
	case last.IsValid():
		var ok bool
		if start, ok = fc.startAfter(b, last, end); !ok {
			return end
		}
	case b.Index == 0:
		start = point{ptBefore, fc.ls.body}
	default:
		fc.placeByPreds(b, end)
		return end
	}
	end.at, end.jmp = fc.ls.walk(start)
	end.ok = true
	return end
}

// lastAnchor returns the position of the last instruction of b that
// places it in the syntax, or NoPos if there is none.
func (fc *fnContinues) lastAnchor(b *ssa.BasicBlock) token.Pos {
	for _, instr := range slices.Backward(b.Instrs) {
		if last := anchorPos(fc.ls, instr); last.IsValid() {
			return last
		}
	}
	return token.NoPos
}

// startAfter returns the syntax point after last, the position of b's
// last positioned instruction, where the walk to b's terminator starts,
// and records in end whether b ends inside a && or || operator's value;
// false if last is in no unit of the syntax (and not a parameter spilled
// before the body).
func (fc *fnContinues) startAfter(b *ssa.BasicBlock, last token.Pos, end *blockEnd) (point, bool) {
	ls := fc.ls
	if i := spanAt(ls.units, last); i >= 0 {
		end.inside = ls.units[i].logical
		end.inner = end.inside && logicalIf(b)
		return ls.units[i].after, true
	}
	if last < ls.body.Lbrace { // a parameter spilled in the entry block
		return point{ptBefore, ls.body}, true
	}
	return point{}, false
}

// placeByPreds places end, that of b, a block without a positioned
// instruction, where the edges into it lead: it is known (end.ok) if the
// known edges agree on the point and, when b ends in a Jump or in an
// operator's inner test, on the jump too. The jumps on the way in matter
// only if b's own edges continue them.
func (fc *fnContinues) placeByPreds(b *ssa.BasicBlock, end *blockEnd) {
	_, jumps := terminator(b).(*ssa.Jump)
	known := false
	end.inside = true
	for _, a := range b.Preds {
		o := fc.out(a, slices.Index(a.Succs, b))
		switch {
		case !o.ok:
			continue
		case !known:
			end.at, end.jmp, known = o.at, o.jmp, true
		case o.at != end.at || jumps && o.jmp != end.jmp:
			return // the edges into b disagree
		}
		end.inside = end.inside && o.inside
	}
	end.inner = end.inside && logicalIf(b)
	if end.inner {
		for _, a := range b.Preds {
			if o := fc.out(a, slices.Index(a.Succs, b)); o.ok && o.jmp != end.jmp {
				return
			}
		}
	}
	end.ok = known
}

package analyzer

// This file recognises error tests by what they do with a nil error: a
// function whose every return reachable with its error parameter nil
// returns false (errdefs.IsUnauthorized: errors.Is(err, x) || a loop of
// type switches over err and its Unwrap chain) is true only for a non-nil
// error, whatever else it looks at.

import (
	"go/constant"
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// maxNilWalkStates bounds the states (block, facts about nil) that
// falseWhenNil visits per block; beyond it the function is not taken for
// an error test.
const maxNilWalkStates = 4

// A nilState is what the walk of falseWhenNil knows on one path: the
// values known nil (p and the phis it flows into) and the booleans known
// false (error tests of those values).
type nilState struct {
	nils   []ssa.Value
	falses []ssa.Value
}

// isNil reports whether v is nil in state s; isFalse whether it is false.
func (s nilState) isNil(v ssa.Value) bool   { return isNil(v) || slices.Contains(s.nils, v) }
func (s nilState) isFalse(v ssa.Value) bool { return slices.Contains(s.falses, v) }

// A nilItem is a block that the walk of falseWhenNil reaches from the
// block from (nil for the entry) in state st.
type nilItem struct {
	b    *ssa.BasicBlock
	from *ssa.BasicBlock
	st   nilState
}

// falseWhenNil reports whether every return of fn that can be reached
// when its parameter p is nil returns false.
func (e *engine) falseWhenNil(fn *ssa.Function, p ssa.Value) bool {
	visits := make(map[*ssa.BasicBlock]int)
	work := []nilItem{{fn.Blocks[0], nil, nilState{nils: []ssa.Value{p}}}}
	returns := 0
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if visits[it.b]++; visits[it.b] > maxNilWalkStates {
			return false
		}
		next, n, ok := e.nilStep(it)
		if !ok {
			return false
		}
		returns += n
		work = append(work, next...)
	}
	return returns > 0
}

// nilStep walks the block of it, and returns the items of the successors
// it may go on to, the number of returns met, and false if one of them
// may return something other than false. It stops at a type assertion
// that panics on a nil interface known nil: the rest of the block is
// dead.
func (e *engine) nilStep(it nilItem) (next []nilItem, returns int, ok bool) {
	st := nilState{nils: append([]ssa.Value(nil), it.st.nils...), falses: append([]ssa.Value(nil), it.st.falses...)}
	for _, instr := range it.b.Instrs {
		switch in := instr.(type) {
		case *ssa.Phi:
			if it.from != nil {
				st.enterPhi(in, in.Edges[slices.Index(it.b.Preds, it.from)])
			}
		case *ssa.Call:
			if arg := e.testedError(&in.Call); arg != nil && st.isNil(arg) {
				st.falses = append(st.falses, in)
			}
		case *ssa.TypeAssert:
			if !in.CommaOk && st.isNil(in.X) {
				return next, returns, true // asserting on a nil interface panics
			}
		case *ssa.Return:
			returns++
			if !st.returnsFalse(in) {
				return nil, returns, false
			}
		case *ssa.If:
			outcome, known := st.outcome(in.Cond)
			for i, s := range it.b.Succs {
				if !known || outcome == (i == 0) {
					next = append(next, nilItem{s, it.b, st})
				}
			}
		case *ssa.Jump:
			next = append(next, nilItem{it.b.Succs[0], it.b, st})
		}
	}
	return next, returns, true
}

// enterPhi records in s that phi, whose value on the edge taken is edge,
// is nil or false when edge is.
func (s *nilState) enterPhi(phi *ssa.Phi, edge ssa.Value) {
	switch {
	case s.isNil(edge):
		s.nils = append(s.nils, phi)
	case s.isFalse(edge) || isFalseConst(edge):
		s.falses = append(s.falses, phi)
	}
}

// returnsFalse reports whether ret returns one result, false in state s.
func (s nilState) returnsFalse(ret *ssa.Return) bool {
	return len(ret.Results) == 1 && (isFalseConst(ret.Results[0]) || s.isFalse(ret.Results[0]) || s.knownFalse(ret.Results[0]))
}

// outcome returns the value of the boolean cond, if the state decides it.
func (s nilState) outcome(cond ssa.Value) (value, known bool) {
	switch c := cond.(type) {
	case *ssa.BinOp:
		if c.Op != token.EQL && c.Op != token.NEQ {
			return false, false
		}
		if (isNil(c.Y) && s.isNil(c.X)) || (isNil(c.X) && s.isNil(c.Y)) {
			return c.Op == token.EQL, true
		}
	case *ssa.UnOp:
		if c.Op == token.NOT {
			v, ok := s.outcome(c.X)
			return !v, ok
		}
	case *ssa.Extract:
		if ta, ok := c.Tuple.(*ssa.TypeAssert); ok && c.Index == 1 && s.isNil(ta.X) {
			return false, true // an assertion on a nil interface fails
		}
	}
	if s.isFalse(cond) || isFalseConst(cond) {
		return false, true
	}
	return false, false
}

// knownFalse reports whether the boolean v is false in state s.
func (s nilState) knownFalse(v ssa.Value) bool {
	value, known := s.outcome(v)
	return known && !value
}

// isFalseConst reports whether v is the constant false.
func isFalseConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.Kind() == constant.Bool && !constant.BoolVal(c.Value)
}

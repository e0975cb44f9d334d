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

func (s nilState) isNil(v ssa.Value) bool   { return isNil(v) || slices.Contains(s.nils, v) }
func (s nilState) isFalse(v ssa.Value) bool { return slices.Contains(s.falses, v) }

// falseWhenNil reports whether every return of fn that can be reached
// when its parameter p is nil returns false.
func (e *engine) falseWhenNil(fn *ssa.Function, p ssa.Value) bool {
	type item struct {
		b    *ssa.BasicBlock
		from *ssa.BasicBlock
		st   nilState
	}
	visits := make(map[*ssa.BasicBlock]int)
	work := []item{{fn.Blocks[0], nil, nilState{nils: []ssa.Value{p}}}}
	returns := 0
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		if visits[it.b]++; visits[it.b] > maxNilWalkStates {
			return false
		}
		st := nilState{nils: append([]ssa.Value(nil), it.st.nils...), falses: append([]ssa.Value(nil), it.st.falses...)}
		dead := false
		for _, instr := range it.b.Instrs {
			switch in := instr.(type) {
			case *ssa.Phi:
				if it.from == nil {
					continue
				}
				edge := in.Edges[slices.Index(it.b.Preds, it.from)]
				switch {
				case st.isNil(edge):
					st.nils = append(st.nils, in)
				case st.isFalse(edge) || isFalseConst(edge):
					st.falses = append(st.falses, in)
				}
			case *ssa.Call:
				if arg := e.testedError(&in.Call); arg != nil && st.isNil(arg) {
					st.falses = append(st.falses, in)
				}
			case *ssa.TypeAssert:
				if !in.CommaOk && st.isNil(in.X) {
					dead = true // asserting on a nil interface panics
				}
			case *ssa.Return:
				returns++
				if len(in.Results) != 1 || !(isFalseConst(in.Results[0]) || st.isFalse(in.Results[0]) || st.knownFalse(in.Results[0])) {
					return false
				}
			case *ssa.If:
				outcome, known := st.outcome(in.Cond)
				for i, s := range it.b.Succs {
					if !known || outcome == (i == 0) {
						work = append(work, item{s, it.b, st})
					}
				}
			case *ssa.Jump:
				work = append(work, item{it.b.Succs[0], it.b, st})
			}
			if dead {
				break
			}
		}
	}
	return returns > 0
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

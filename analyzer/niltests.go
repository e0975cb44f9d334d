package analyzer

// This file recognises predicates that test a value for nil: a function
// whose true result implies its parameter is nil, compared with nil or
// found nil through reflect (`c == nil || reflect.ValueOf(c).IsNil()`,
// which also catches a typed nil pointer in an interface). Where such a
// call on the resource answers true, there is nothing to close.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// nilTested reports whether call, a static call of a function of this
// package with one bool result, answers true only where its argument v
// is nil (see impliesNil).
func (e *engine) nilTested(call *ssa.CallCommon, v ssa.Value) bool {
	fn := call.StaticCallee()
	if fn == nil || !e.summarizable(fn) || !isPredicateSig(fn.Signature) {
		return false
	}
	fn = bodyOf(fn)
	i := argIndex(call, v)
	if i < 0 || i >= len(fn.Params) {
		return false
	}
	p := fn.Params[i]
	found := false
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		if !impliesNil(ret.Results[0], p, b, nil, 0) {
			return false
		}
		found = true
	}
	return found
}

// impliesNil reports whether the bool v, the value at the end of block
// at (flowing from there into block into, for a phi's edge, else nil), is
// true only where p is nil: false, p == nil, reflect's IsNil of
// reflect.ValueOf(p), true where p == nil holds, or a phi (a
// short-circuit ||) of those.
func impliesNil(v ssa.Value, p *ssa.Parameter, at, into *ssa.BasicBlock, depth int) bool {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.String() == "false" {
			return true
		}
		return nilHoldsAt(p, at, into)
	case *ssa.BinOp:
		return v.Op == token.EQL && (v.X == p && isNil(v.Y) || v.Y == p && isNil(v.X))
	case *ssa.Call:
		return isReflectNilOf(v, p)
	case *ssa.Phi:
		if depth >= 4 {
			return false
		}
		for i, edge := range v.Edges {
			if !impliesNil(edge, p, v.Block().Preds[i], v.Block(), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

// nilHoldsAt reports whether p == nil holds where the end of block b
// flows into block into (nil: wherever b is reached): b ends in `if p ==
// nil` whose true edge alone leads into into, or a dominator's true edge
// dominates b.
func nilHoldsAt(p *ssa.Parameter, b, into *ssa.BasicBlock) bool {
	for d := b; d != nil; d = d.Idom() {
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		bin, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || bin.Op != token.EQL || !(bin.X == p && isNil(bin.Y) || bin.Y == p && isNil(bin.X)) {
			continue
		}
		if d == b {
			if into != nil && d.Succs[0] == into && d.Succs[1] != into {
				return true // the value flows on the edge taken when p == nil (a short-circuit ||)
			}
			continue
		}
		if d.Succs[0].Dominates(b) && d.Succs[0] != d.Succs[1] {
			return true
		}
	}
	return false
}

// isReflectNilOf reports whether call is reflect.ValueOf(p).IsNil().
func isReflectNilOf(call *ssa.Call, p *ssa.Parameter) bool {
	fn := call.Call.StaticCallee()
	if fn == nil || fn.Name() != "IsNil" || fn.Pkg == nil || fn.Pkg.Pkg.Path() != "reflect" || len(call.Call.Args) != 1 {
		return false
	}
	of, ok := call.Call.Args[0].(*ssa.Call)
	if !ok {
		return false
	}
	vo := of.Call.StaticCallee()
	if vo == nil || vo.Name() != "ValueOf" || vo.Pkg == nil || vo.Pkg.Pkg.Path() != "reflect" || len(of.Call.Args) != 1 {
		return false
	}
	return unconverted(of.Call.Args[0]) == p
}

package analyzer

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// This file recognises error tests: functions whose true result implies
// that an error passed to them is non-nil, such as errors.Is, errors.As
// (listed in errorTests) or a helper `func failed(err error) bool { return
// err != nil }`. A branch on one tests the failure of the error's call.

// testedError returns the error argument of call whose non-nil value the
// call's true result implies, or nil: from errorTests, from the callee's
// body in this package, or from its fact.
func (e *engine) testedError(call *ssa.CallCommon) ssa.Value {
	if i, ok := errorTests[e.fullName(calleeFunc(call))]; ok {
		return paramArg(call, i)
	}
	fn := call.StaticCallee()
	if fn == nil || !isErrorTestSig(fn.Signature) {
		return nil
	}
	i := -1
	if e.summarizable(fn) {
		i = e.testedParam(bodyOf(fn))
	} else if obj := funcObject(fn); obj != nil {
		var fact funcFact
		if e.pass.ImportObjectFact(obj, &fact) {
			i = fact.NonNilIfTrue - 1
		}
	}
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// isErrorTestSig reports whether sig can be an error test: its only
// result is a bool, and some parameter is an error.
func isErrorTestSig(sig *types.Signature) bool {
	if sig.Results().Len() != 1 || !types.Identical(sig.Results().At(0).Type(), types.Typ[types.Bool]) {
		return false
	}
	for i := 0; i < sig.Params().Len(); i++ {
		if isErrorType(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// testedParam returns (computing once) the index in fn.Params of the error
// parameter that fn's true result implies is non-nil, or -1: every
// return of a value that may be true is on a path where the parameter was
// found non-nil, or returns `p != nil`, `p != nil && …`, or another error
// test of p.
func (e *engine) testedParam(fn *ssa.Function) int {
	fi := e.info(fn)
	if fi.errParamDone {
		return fi.errParam
	}
	fi.errParam, fi.errParamDone = -1, true // recursion: not known to be a test
	i := -1
	if isErrorTestSig(fn.Signature) {
		for j, p := range fn.Params {
			if isErrorType(p.Type()) && (returnsNonNilIfTrue(e, fn, p) || e.falseWhenNil(fn, p)) {
				i = j
				break
			}
		}
	}
	fi.errParam = i
	return i
}

// returnsNonNilIfTrue reports whether every return of fn that may return
// true implies that p is non-nil.
func returnsNonNilIfTrue(e *engine, fn *ssa.Function, p ssa.Value) bool {
	x := errTestCheck{e: e, p: p, seen: make(map[*ssa.Phi]bool)}
	returns := 0
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && len(ret.Results) == 1 {
			returns++
			if !x.impliesNonNil(ret.Results[0], b) {
				return false
			}
		}
	}
	return returns > 0
}

// An errTestCheck decides, within one function, which boolean values are
// true only when the error parameter p is non-nil.
type errTestCheck struct {
	e    *engine
	p    ssa.Value
	seen map[*ssa.Phi]bool
}

// impliesNonNil reports whether v, as computed at the end of block b, is
// true only when p is non-nil.
func (x *errTestCheck) impliesNonNil(v ssa.Value, b *ssa.BasicBlock) bool {
	if x.guarded(b) {
		return true
	}
	switch v := v.(type) {
	case *ssa.Const:
		return v.Value != nil && v.Value.Kind() == constant.Bool && !constant.BoolVal(v.Value)
	case *ssa.Phi:
		// a && b: false from the first test's false edge, b from the other.
		if x.seen[v] {
			return true // a loop: the other edges decide
		}
		x.seen[v] = true
		for i, edge := range v.Edges {
			if !x.impliesNonNil(edge, v.Block().Preds[i]) {
				return false
			}
		}
		return true
	}
	return x.testsNonNil(v, true)
}

// guarded reports whether b is reached only through an edge on which p
// was found non-nil: an If edge to b or to one of its dominators that is
// that block's only way in.
func (x *errTestCheck) guarded(b *ssa.BasicBlock) bool {
	for d := b; d != nil; d = d.Idom() {
		if len(d.Preds) != 1 {
			continue
		}
		pred := d.Preds[0]
		if iff, ok := pred.Instrs[len(pred.Instrs)-1].(*ssa.If); ok && pred.Succs[0] != pred.Succs[1] {
			if x.testsNonNil(iff.Cond, pred.Succs[0] == d) {
				return true
			}
		}
	}
	return false
}

// testsNonNil reports whether the boolean cond, when it equals outcome,
// implies that p is non-nil: p != nil, p == nil (false), an error test
// of p, the ok of an assertion on p.
func (x *errTestCheck) testsNonNil(cond ssa.Value, outcome bool) bool {
	switch cond := cond.(type) {
	case *ssa.BinOp:
		if (cond.Op == token.NEQ) != outcome || cond.Op != token.NEQ && cond.Op != token.EQL {
			return false
		}
		return cond.X == x.p && isNil(cond.Y) || cond.Y == x.p && isNil(cond.X)
	case *ssa.UnOp:
		return cond.Op == token.NOT && x.testsNonNil(cond.X, !outcome)
	case *ssa.Call:
		return outcome && x.e.testedError(&cond.Call) == x.p
	case *ssa.Extract:
		ta, ok := cond.Tuple.(*ssa.TypeAssert)
		return outcome && ok && cond.Index == 1 && ta.X == x.p
	}
	return false
}

// fieldLoadsAfter returns the loads of the field fa (of the same base
// pointer) that follow st, a store to fa, in its block, before any other
// store to that field or call that is passed the base pointer:
// `r.conn, r.err = net.Dial(…); if r.err != nil`.
func fieldLoadsAfter(st *ssa.Store, fa *ssa.FieldAddr) []ssa.Value {
	same := func(v ssa.Value) bool {
		other, ok := v.(*ssa.FieldAddr)
		return ok && other.X == fa.X && other.Field == fa.Field
	}
	passesBase := func(c ssa.CallInstruction) bool {
		return receiverOf(c.Common()) == fa.X || argIndex(c.Common(), fa.X) >= 0
	}
	return blockLoadsAfter(st, same, passesBase)
}

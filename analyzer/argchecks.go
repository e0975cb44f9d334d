package analyzer

// This file recognises failures that only a bad argument causes: a callee
// that keeps the resource on success and whose error returns that leave
// it open all follow checks of its own parameters against their zero
// values (`if conn == nil { return nil, errInvalid }`), directly or
// through callees of the package that fail only so. Such a failure edge is
// certain at a call only when an argument checked there can be zero: a
// zero constant, or a value that comes from outside the caller (its own
// parameter, which its callers choose). An argument the caller built
// itself (a field, a counter, a function) is its own invariant, which the
// engine cannot evaluate: the failure is uncertain there, and a return on
// it is not reported (gldap's newConn, held-back slice 13; a caller's own
// empty header in ownership/failopen.go is still reported).

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// maxArgCheckDepth bounds how many callees deep a failure is followed.
const maxArgCheckDepth = 3

// A paramSet is a set of parameter indices of a function (receiver
// included), of the first 64.
type paramSet uint64

// argCheckParams reports whether every exit of exits (the exits of fn
// that leave the resource open) is an error return that only an argument
// check of fn leads to, and the parameters whose checks do.
func (e *engine) argCheckParams(fn *ssa.Function, exits []Exit) (paramSet, bool) {
	if len(exits) == 0 || len(fn.Params) > 64 {
		return 0, false
	}
	var set paramSet
	for _, x := range exits {
		if x.Kind != ErrorReturnExit {
			return 0, false
		}
		ret := returnAt(fn, x.Pos)
		if ret == nil {
			return 0, false
		}
		ps, ok := e.guardedByArgCheck(ret.Block(), 0)
		if !ok {
			return 0, false
		}
		set |= ps
	}
	return set, true
}

// failsOnlyOnArgChecks reports whether every return of fn that may give
// a non-nil error is guarded by an argument check, and the parameters
// whose checks guard them.
func (e *engine) failsOnlyOnArgChecks(fn *ssa.Function, depth int) (paramSet, bool) {
	if len(fn.Params) > 64 {
		return 0, false
	}
	var set paramSet
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		last := ret.Results[len(ret.Results)-1]
		if !isErrorType(last.Type()) || isNilConst(last) {
			continue
		}
		ps, ok := e.guardedByArgCheck(b, depth)
		if !ok {
			return 0, false
		}
		set |= ps
	}
	return set, true
}

// guardedByArgCheck reports whether block b is entered only through the
// edge of an argument check (see argCheckEdge), possibly through blocks
// that only jump, and the parameters that check depends on.
func (e *engine) guardedByArgCheck(b *ssa.BasicBlock, depth int) (paramSet, bool) {
	for seen := 0; seen < len(b.Parent().Blocks); seen++ {
		if len(b.Preds) != 1 {
			return 0, false
		}
		p := b.Preds[0]
		if iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If); ok {
			return e.argCheckEdge(iff.Cond, p.Succs[0] == b, depth)
		}
		b = p
	}
	return 0, false
}

// argCheckEdge reports whether the edge of cond taken where cond is
// onTrue is an argument check: a parameter equal to its zero value, or
// the failure of a call of this package that fails only on argument
// checks of its own. It also returns the parameters whose values decide
// the check (none when the call's checked arguments are all built by
// this function).
func (e *engine) argCheckEdge(cond ssa.Value, onTrue bool, depth int) (paramSet, bool) {
	x, zeroEdge, ok := zeroComparison(cond, onTrue)
	if !ok {
		return 0, false
	}
	if p, isParam := x.(*ssa.Parameter); isParam {
		i := paramIndex(p)
		return paramSet(1) << i, zeroEdge && i >= 0 && i < 64
	}
	if zeroEdge || depth >= maxArgCheckDepth {
		return 0, false
	}
	return e.failedArgCheck(x, depth)
}

// zeroComparison returns the value that cond compares with its type's
// zero value (`x == nil`, `0 != x`), and whether the edge taken where
// cond is onTrue is the one where x is zero.
func zeroComparison(cond ssa.Value, onTrue bool) (x ssa.Value, zeroEdge, ok bool) {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return nil, false, false
	}
	x, y := bin.X, bin.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, y = y, x
	}
	c, ok := y.(*ssa.Const)
	if !ok || !isZeroConst(c) {
		return nil, false, false
	}
	return x, onTrue == (bin.Op == token.EQL), true
}

// failedArgCheck reports whether err, found non-nil, is the error of a
// call of this package that fails only on argument checks of its own,
// and returns the parameters of this function whose values decide them
// (none when the call's checked arguments are all built here).
func (e *engine) failedArgCheck(err ssa.Value, depth int) (paramSet, bool) {
	if !isErrorType(err.Type()) {
		return 0, false
	}
	call, ok := err.(*ssa.Call)
	if ext, isExtract := err.(*ssa.Extract); isExtract {
		call, ok = ext.Tuple.(*ssa.Call)
	}
	if !ok || errorResult(call) != err {
		return 0, false
	}
	callee := call.Call.StaticCallee()
	if callee == nil || !e.summarizable(callee) {
		return 0, false
	}
	checked, ok := e.failsOnlyOnArgChecks(bodyOf(callee), depth+1)
	if !ok {
		return 0, false
	}
	var set paramSet
	for i, a := range call.Call.Args {
		if i >= 64 || checked&(1<<i) == 0 {
			continue
		}
		outside, anyway := argOrigin(a)
		if anyway {
			return 0, false // it passes a zero: a failure it can take
		}
		set |= outside
	}
	return set, true
}

// mayFailOnArgs reports whether a call whose callee fails only on checks
// of the parameters in checked can fail at this call site: an argument
// there that is not the resource itself (which is open, so not nil) is a
// zero constant or comes from outside the caller.
func (t *tracker) mayFailOnArgs(common *ssa.CallCommon, checked paramSet) bool {
	if common.IsInvoke() {
		return true // the arguments do not line up with a function's parameters
	}
	for i, a := range common.Args {
		if i >= 64 || checked&(1<<i) == 0 {
			continue
		}
		if _, tracked := t.classes[a]; tracked {
			continue
		}
		if outside, anyway := argOrigin(a); anyway || outside != 0 {
			return true
		}
	}
	return false
}

// argOrigin says where the argument a comes from: the parameters of its
// function it may be (through conversions and phis), and whether it may
// be a zero constant or a captured variable (a value from outside that
// no parameter names).
func argOrigin(a ssa.Value) (outside paramSet, anyway bool) {
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Const:
			anyway = anyway || isZeroConst(v)
		case *ssa.Parameter:
			if i := paramIndex(v); i < 64 {
				outside |= 1 << i
			}
		case *ssa.FreeVar:
			anyway = true
		case *ssa.Phi:
			for _, e := range v.Edges {
				visit(e)
			}
		case *ssa.ChangeType:
			visit(v.X)
		case *ssa.MakeInterface:
			visit(v.X)
		case *ssa.ChangeInterface:
			visit(v.X)
		}
	}
	visit(a)
	return outside, anyway
}

// paramIndex returns the index of p among its function's parameters.
func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

// isZeroConst reports whether c is nil, 0 or "".
func isZeroConst(c *ssa.Const) bool {
	switch {
	case c.Value == nil:
		return true
	case c.Value.Kind() == constant.Int:
		return constant.Sign(c.Value) == 0
	case c.Value.Kind() == constant.String:
		return constant.StringVal(c.Value) == ""
	}
	return false
}

// returnAt returns fn's return statement at pos, or nil.
func returnAt(fn *ssa.Function, pos token.Pos) *ssa.Return {
	for _, b := range fn.Blocks {
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && ret.Pos() == pos {
			return ret
		}
	}
	return nil
}

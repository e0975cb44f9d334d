package analyzer

// This file recognises failures that only a caller's mistake causes: a
// callee whose error returns are all checks of its own arguments against
// their zero values (`if conn == nil { return nil, errInvalid }`), or the
// failures of callees of the same kind. Where such a callee keeps the
// resource on success, its failure edge is not one the caller's code can
// be shown to take, so it makes no leak certain (gldap's newConn,
// held-back slice 13).

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// maxArgCheckDepth bounds how many callees deep a failure is followed.
const maxArgCheckDepth = 3

// argChecksOnly reports whether every exit of exits (the exits of fn that
// leave the resource open) is an error return that only an argument
// check of fn leads to.
func (e *engine) argChecksOnly(fn *ssa.Function, exits []Exit) bool {
	if len(exits) == 0 {
		return false
	}
	for _, x := range exits {
		if x.Kind != ErrorReturnExit {
			return false
		}
		ret := returnAt(fn, x.Pos)
		if ret == nil || !e.guardedByArgCheck(ret.Block(), 0) {
			return false
		}
	}
	return true
}

// failsOnlyOnArgChecks reports whether every return of fn that may give
// a non-nil error is guarded by an argument check.
func (e *engine) failsOnlyOnArgChecks(fn *ssa.Function, depth int) bool {
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 {
			continue
		}
		last := ret.Results[len(ret.Results)-1]
		if !isErrorType(last.Type()) || isNilConst(last) {
			continue
		}
		if !e.guardedByArgCheck(b, depth) {
			return false
		}
	}
	return true
}

// guardedByArgCheck reports whether block b is entered only through the
// edge of an argument check (see argCheckEdge), possibly through blocks
// that only jump.
func (e *engine) guardedByArgCheck(b *ssa.BasicBlock, depth int) bool {
	for seen := 0; seen < len(b.Parent().Blocks); seen++ {
		if len(b.Preds) != 1 {
			return false
		}
		p := b.Preds[0]
		if iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If); ok {
			return e.argCheckEdge(iff.Cond, p.Succs[0] == b, depth)
		}
		b = p
	}
	return false
}

// argCheckEdge reports whether the edge of cond taken where cond is
// onTrue is an argument check: a parameter equal to its zero value, or
// the failure of a call of this package that fails only on argument
// checks of its own.
func (e *engine) argCheckEdge(cond ssa.Value, onTrue bool, depth int) bool {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return false
	}
	x, y := bin.X, bin.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, y = y, x
	}
	c, ok := y.(*ssa.Const)
	if !ok || !isZeroConst(c) {
		return false
	}
	zeroEdge := onTrue == (bin.Op == token.EQL)
	if _, isParam := x.(*ssa.Parameter); isParam {
		return zeroEdge
	}
	if zeroEdge || !isErrorType(x.Type()) || depth >= maxArgCheckDepth {
		return false
	}
	call, ok := x.(*ssa.Call)
	if ext, isExtract := x.(*ssa.Extract); isExtract {
		call, ok = ext.Tuple.(*ssa.Call)
	}
	if !ok || errorResult(call) != x {
		return false
	}
	callee := call.Call.StaticCallee()
	return callee != nil && e.summarizable(callee) && e.failsOnlyOnArgChecks(bodyOf(callee), depth+1)
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

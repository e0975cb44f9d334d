package analyzer

// This file answers whether a call's error result can be non-nil: a
// callee whose error result is nil on every path (a setup step that
// never fails), or non-nil only where one of its parameters equals (or
// differs from) a constant that the call's constant argument rules out
// (NewKeepAliveListener(ln, "tcp", nil) fails only for "https"). The
// error branch after such a call cannot be taken, so a return on it
// leaks nothing (issue 25's "error returns that cannot happen").

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// A failCond is one condition under which a function's error result may
// be non-nil: its parameter Param (index in ssa.Function.Params) equals
// Value (Equal) or differs from it. Value is the constant's exact
// string (constant.Value.ExactString), "nil" for a nil constant.
type failCond struct {
	Param int
	Value string
	Equal bool
}

// A failPath is the conditions that all hold on one path on which the
// error result may be non-nil; none: it may be non-nil unconditionally.
type failPath []failCond

// failPaths returns (computing once) the paths on which fn's error
// result may be non-nil, and whether fn has one to summarise: nil, true
// says it is nil on every path. Only functions of this package with a
// body are summarised here; others come from their facts.
func (e *engine) failPaths(fn *ssa.Function) ([]failPath, bool) {
	fi := e.info(fn)
	if fi.failsDone {
		return fi.fails, fi.failsKnown
	}
	fi.failsDone = true // recursion: may fail, unconditionally
	fi.fails, fi.failsKnown = []failPath{nil}, true
	ei := errIndex(fn.Signature)
	if ei < 0 || len(fn.Blocks) == 0 {
		fi.fails, fi.failsKnown = nil, false
		return nil, false
	}
	var paths []failPath
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		paths = append(paths, e.valueFails(fn, ret.Results[ei], b, 0)...)
	}
	fi.fails = paths
	return paths, true
}

// valueFails returns the paths on which the error value v, returned at
// the end of block at, may be non-nil. Phis are followed into their
// incoming edges (depth-bounded).
func (e *engine) valueFails(fn *ssa.Function, v ssa.Value, at *ssa.BasicBlock, depth int) []failPath {
	switch v := v.(type) {
	case *ssa.Const:
		if v.IsNil() {
			return nil
		}
	case *ssa.Phi:
		if depth < 4 && v.Block() != nil {
			var out []failPath
			for i, edge := range v.Edges {
				out = append(out, e.valueFails(fn, edge, v.Block().Preds[i], depth+1)...)
			}
			return out
		}
	default:
		if call := errCall(v); call != nil && e.callCannotFail(call) {
			return nil
		}
	}
	return []failPath{paramConds(fn, at)}
}

// errCall returns the call whose error result v is, or nil.
func errCall(v ssa.Value) *ssa.Call {
	switch v := v.(type) {
	case *ssa.Call:
		return v
	case *ssa.Extract:
		if call, ok := v.Tuple.(*ssa.Call); ok && v.Index == errIndex(call.Call.Signature()) {
			return call
		}
	}
	return nil
}

// paramConds returns the conditions comparing a parameter of fn with a
// constant that hold wherever block b runs: the branches of its
// dominators whose one successor dominates b.
func paramConds(fn *ssa.Function, b *ssa.BasicBlock) failPath {
	var conds failPath
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || d.Succs[0] == d.Succs[1] {
			continue
		}
		c, ok := paramCompare(fn, ifInstr.Cond)
		if !ok {
			continue
		}
		switch {
		case d.Succs[0].Dominates(b):
		case d.Succs[1].Dominates(b):
			c.Equal = !c.Equal
		default:
			continue
		}
		conds = append(conds, c)
	}
	return conds
}

// paramCompare reads cond as a comparison of a parameter of fn with a
// constant (p == "https", cfg != nil), or a boolean parameter (closed,
// !closed: closed == true, closed != true), true when it holds.
func paramCompare(fn *ssa.Function, cond ssa.Value) (failCond, bool) {
	equal := true
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond, equal = not.X, false
	}
	if p, ok := cond.(*ssa.Parameter); ok {
		for i, fp := range fn.Params {
			if fp == p {
				return failCond{Param: i, Value: "true", Equal: equal}, true
			}
		}
		return failCond{}, false
	}
	if !equal {
		return failCond{}, false
	}
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return failCond{}, false
	}
	p, k := bin.X, bin.Y
	if _, isConst := p.(*ssa.Const); isConst {
		p, k = k, p
	}
	param, ok := p.(*ssa.Parameter)
	kc, isConst := k.(*ssa.Const)
	if !ok || !isConst {
		return failCond{}, false
	}
	for i, fp := range fn.Params {
		if fp == param {
			return failCond{Param: i, Value: constString(kc), Equal: bin.Op == token.EQL}, true
		}
	}
	return failCond{}, false
}

// constString spells c for a failCond.
func constString(c *ssa.Const) string {
	if c.Value == nil {
		return "nil"
	}
	return c.Value.ExactString()
}

// callCannotFail reports whether the error result of call, a static
// call, is nil whatever happens: on every path of the callee where it
// may be non-nil, a condition on a parameter is ruled out by the
// constant the call passes there.
func (e *engine) callCannotFail(call *ssa.Call) bool {
	fn := call.Call.StaticCallee()
	if fn == nil {
		return false
	}
	paths, ok := e.calleeFailPaths(fn)
	if !ok {
		return false
	}
	for _, path := range paths {
		if !ruledOut(path, call) {
			return false
		}
	}
	return true
}

// instrCannotFail is callCannotFail for any call instruction: go and
// defer statements have no result to test.
func (e *engine) instrCannotFail(instr ssa.CallInstruction) bool {
	call, ok := instr.(*ssa.Call)
	return ok && e.callCannotFail(call)
}

// calleeFailPaths returns fn's fail paths from its body in this package
// or from its fact.
func (e *engine) calleeFailPaths(fn *ssa.Function) ([]failPath, bool) {
	if e.summarizable(fn) {
		return e.failPaths(bodyOf(fn))
	}
	obj := funcObject(fn)
	var fact funcFact
	if obj == nil || !e.pass.ImportObjectFact(obj, &fact) || !fact.FailsKnown {
		return nil, false
	}
	return fact.Fails, true
}

// ruledOut reports whether some condition of path contradicts the
// constant argument call passes for its parameter.
func ruledOut(path failPath, call *ssa.Call) bool {
	args := call.Call.Args // a static method call's receiver is Args[0], as in Params
	for _, c := range path {
		if c.Param >= len(args) {
			continue
		}
		k, ok := args[c.Param].(*ssa.Const)
		if !ok {
			continue
		}
		if (constString(k) == c.Value) != c.Equal {
			return true
		}
	}
	return false
}

// errCannotFail reports whether the error value x is the result of a
// call whose error cannot be non-nil (see callCannotFail).
func (e *engine) errCannotFail(x ssa.Value) bool {
	call := errCall(x)
	return call != nil && e.callCannotFail(call)
}

// exportedFails returns what a fact says of fn's error result: its fail
// paths when each is conditional or there is none (a caller can rule
// them out), else nothing.
func (e *engine) exportedFails(fn *ssa.Function) ([]failPath, bool) {
	paths, ok := e.failPaths(fn)
	if !ok {
		return nil, false
	}
	for _, p := range paths {
		if len(p) == 0 {
			return nil, false
		}
	}
	return paths, true
}

package analyzer

// This file finds acquisitions made for a function by a closure it runs:
// a retry closure that assigns the enclosing function's variable
// (`err := retry(func() error { resp, err = c.Do(req); return err })`,
// or `do := func() error { … }; err := do()`). Where the call that runs
// the closure returns nil, the closure succeeded, and the variable holds
// the fresh resource: from that call on, the resource is the enclosing
// function's, followed through its variable as any captured one.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// cellAcquisitions returns the acquisitions that call, a call in fn,
// makes by running a closure: the closure is called itself, or handed to
// a function whose only result is an error (a retry helper). Each names
// the variable of fn the closure stores the resource in (cell) and the
// closure's acquiring call (inner).
func (e *engine) cellAcquisitions(fn *ssa.Function, call *ssa.Call) []*acquisition {
	var closures []*ssa.MakeClosure
	if mc, ok := call.Call.Value.(*ssa.MakeClosure); ok {
		closures = append(closures, mc)
	} else if onlyErrorResult(call.Call.Signature()) {
		for _, a := range call.Call.Args {
			if mc, ok := a.(*ssa.MakeClosure); ok {
				closures = append(closures, mc)
			}
		}
	}
	var acqs []*acquisition
	for _, mc := range closures {
		body, ok := mc.Fn.(*ssa.Function)
		if !ok || !onlyErrorResult(body.Signature) {
			continue
		}
		for j, b := range mc.Bindings {
			cell, ok := b.(*ssa.Alloc)
			if !ok || cell.Parent() != fn {
				continue
			}
			if inner, what, ok := e.storesFresh(body, j); ok {
				acqs = append(acqs, &acquisition{call: call, what: what, cell: cell, inner: inner})
			}
		}
	}
	return acqs
}

// onlyErrorResult reports whether sig's only result is an error.
func onlyErrorResult(sig *types.Signature) bool {
	return sig.Results().Len() == 1 && isErrorType(sig.Results().At(0).Type())
}

// storesFresh reports whether the closure body, whose only result is an
// error, stores a fresh resource in its j-th free variable and returns
// nil only where it did: its one store to that variable is the result of
// an acquiring call (inner) that it uses nowhere else, it reads the
// variable nowhere, and each of its returns gives either nil, after that
// call on every path, or that call's own error (where the variable holds
// nothing). Anything else (a status check that returns an error with the
// resource open, a Close in the closure) makes the closure's own code,
// not its caller's, the place to look.
func (e *engine) storesFresh(body *ssa.Function, j int) (*ssa.Call, acquirer, bool) {
	if j >= len(body.FreeVars) {
		return nil, acquirer{}, false
	}
	fv := body.FreeVars[j]
	var store *ssa.Store
	for _, r := range *fv.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Addr != fv || store != nil {
				return nil, acquirer{}, false
			}
			store = r
		default:
			return nil, acquirer{}, false
		}
	}
	if store == nil {
		return nil, acquirer{}, false
	}
	inner, what, ok := e.acquiringCall(store.Val)
	if !ok || !onlyUseIs(store.Val, store) {
		return nil, acquirer{}, false
	}
	return inner, what, returnsAcquired(body, inner)
}

// acquiringCall returns the call whose result v is, if that call
// acquires a resource and v is the resource.
func (e *engine) acquiringCall(v ssa.Value) (*ssa.Call, acquirer, bool) {
	var call *ssa.Call
	index := 0
	switch v := v.(type) {
	case *ssa.Call:
		call = v
	case *ssa.Extract:
		call, _ = v.Tuple.(*ssa.Call)
		index = v.Index
	}
	if call == nil {
		return nil, acquirer{}, false
	}
	what, ok := e.acquirerOf(&call.Call)
	if !ok || what.Result != index {
		return nil, acquirer{}, false
	}
	return call, what, true
}

// onlyUseIs reports whether v's only use (debug references aside) is st.
func onlyUseIs(v ssa.Value, st *ssa.Store) bool {
	for _, r := range *v.Referrers() {
		if _, debug := r.(*ssa.DebugRef); !debug && r != st {
			return false
		}
	}
	return true
}

// returnsAcquired reports whether every return of body gives nil after
// inner on every path, or inner's error.
func returnsAcquired(body *ssa.Function, inner *ssa.Call) bool {
	errV := errorResult(inner)
	for _, b := range body.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok {
			continue
		}
		switch v := ret.Results[0]; {
		case errV != nil && (v == errV || lastStored(v) == errV):
		case isNilConst(v) && before(inner, ret):
		default:
			return false
		}
	}
	return true
}

// lastStored returns, if v loads a local or captured variable, the value
// the last store to it before the load in the load's block stored, or nil.
func lastStored(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL || !isLocalCell(load.X) {
		return nil
	}
	var val ssa.Value
	for _, instr := range load.Block().Instrs {
		if instr == load {
			return val
		}
		if st, ok := instr.(*ssa.Store); ok && st.Addr == load.X {
			val = st.Val
		}
	}
	return nil
}

package analyzer

// This file recognises responses whose request's context the function
// cancels by a deferred call: net/http closes the connection of a
// response left unread when its request's context is done, so at every
// return after that call runs no socket is held.

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// cancelledAtReturn reports whether acq, a call that returns a response,
// is given a request built with a context that fn cancels by a deferred
// call registered before acq on every path to it: `ctx, cancel :=
// context.WithTimeout(…); defer cancel(); req, _ :=
// http.NewRequestWithContext(ctx, …); resp, err := c.Do(req)`.
func (e *engine) cancelledAtReturn(acq *ssa.Call) bool {
	for _, arg := range acq.Call.Args {
		if !isRequestPtr(arg.Type()) {
			continue
		}
		if ctx := e.requestContext(arg); ctx != nil && e.cancelDeferredBefore(ctx, acq, 0) {
			return true
		}
	}
	return false
}

// isRequestPtr reports whether t is *net/http.Request.
func isRequestPtr(t types.Type) bool {
	ptr, ok := t.Underlying().(*types.Pointer)
	return ok && isNamed(ptr.Elem(), "net/http.Request")
}

// requestContext returns the context that req, a request value, was
// built with by one of requestContexts, or nil.
func (e *engine) requestContext(req ssa.Value) ssa.Value {
	if x, ok := req.(*ssa.Extract); ok && x.Index == 0 {
		req = x.Tuple // req, err := http.NewRequestWithContext(…)
	}
	call, ok := req.(*ssa.Call)
	if !ok {
		return nil
	}
	if i, ok := requestContexts[e.fullName(calleeFunc(&call.Call))]; ok {
		return paramArg(&call.Call, i)
	}
	return nil
}

// cancelDeferredBefore reports whether ctx, or a context it derives from,
// is one of cancellableContexts' whose cancel function a Defer before acq
// calls (directly or in a closure). depth bounds the walk up the parents.
func (e *engine) cancelDeferredBefore(ctx ssa.Value, acq ssa.Instruction, depth int) bool {
	if depth > 8 {
		return false
	}
	var call *ssa.Call
	switch v := ctx.(type) {
	case *ssa.Extract:
		if v.Index != 0 {
			return false
		}
		call, _ = v.Tuple.(*ssa.Call)
	case *ssa.Call:
		call = v
	}
	if call == nil {
		return false
	}
	name := e.fullName(calleeFunc(&call.Call))
	if i, ok := contextDerivers[name]; ok {
		return e.cancelDeferredBefore(paramArg(&call.Call, i), acq, depth+1)
	}
	if !cancellableContexts[name] {
		return false
	}
	for _, r := range *call.Referrers() {
		if x, ok := r.(*ssa.Extract); ok && x.Index == 1 && deferredCallOf(x, acq) {
			return true
		}
	}
	return e.cancelDeferredBefore(paramArg(&call.Call, 0), acq, depth+1)
}

// deferredCallOf reports whether a Defer before acq calls fn, a function
// value: `defer cancel()`, or `defer func() { cancel() }()`, where the
// closure captures the variable cancel is stored in and nothing else is.
func deferredCallOf(fn ssa.Value, acq ssa.Instruction) bool {
	for _, r := range *fn.Referrers() {
		switch r := r.(type) {
		case *ssa.Defer:
			if r.Call.Value == fn && before(r, acq) {
				return true
			}
		case *ssa.Store:
			if cell, ok := r.Addr.(*ssa.Alloc); ok && onlyStored(cell, fn) && deferredClosureCalls(cell, acq) {
				return true
			}
		}
	}
	return false
}

// onlyStored reports whether every store to cell stores v.
func onlyStored(cell *ssa.Alloc, v ssa.Value) bool {
	for _, r := range *cell.Referrers() {
		if s, ok := r.(*ssa.Store); ok && s.Addr == cell && s.Val != v {
			return false
		}
	}
	return true
}

// deferredClosureCalls reports whether a closure deferred before acq
// calls the function held in cell, a variable it captures.
func deferredClosureCalls(cell *ssa.Alloc, acq ssa.Instruction) bool {
	for _, r := range *cell.Referrers() {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok || !closureCallsBinding(mc, cell) {
			continue
		}
		for _, u := range *mc.Referrers() {
			if d, ok := u.(*ssa.Defer); ok && d.Call.Value == mc && before(d, acq) {
				return true
			}
		}
	}
	return false
}

// closureCallsBinding reports whether the function of mc calls the
// function held in the variable that mc binds as cell.
func closureCallsBinding(mc *ssa.MakeClosure, cell ssa.Value) bool {
	g, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	for i, b := range mc.Bindings {
		if b != cell || i >= len(g.FreeVars) {
			continue
		}
		for _, r := range *g.FreeVars[i].Referrers() {
			load, ok := r.(*ssa.UnOp)
			if !ok {
				continue
			}
			for _, u := range *load.Referrers() {
				if c, ok := u.(*ssa.Call); ok && c.Call.Value == load {
					return true
				}
			}
		}
	}
	return false
}

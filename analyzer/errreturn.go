package analyzer

// This file ties the resource to error results: a conn returned together
// with a non-nil error reaches a caller that by Go's convention reads no
// other result, and a callee that closes the resource exactly when it
// fails leaves it closed on the call's error edge only.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// returnedWithError reports whether ret, reached on path st, hands the
// tracked conn or listener back together with the error that was found
// non-nil on the path (return conn, nil, err after opening a channel on
// the conn failed), or with the error of a step just taken on it (see
// returnsStepError): the caller, following the (v, err) convention, drops
// conn when err is not nil. A sentinel error (return conn, ErrPartial)
// is a documented partial result, and a caller in this package that
// tests the result against nil expects one: not leaks; nor where fn
// defers a call given the conn, which may close it there (see
// deferredWith). Response bodies are left alone: SDK clients commonly
// return the response with the error a bad status made, for the caller
// to inspect.
func (w *walker) returnedWithError(st *flowState, ret *ssa.Return) bool {
	if w.t.drains || !returnsError(w.fn, ret) || !st.errPath && !w.t.returnsStepError(ret) || w.t.deferredWith(w.fn) {
		return false
	}
	if isGlobalLoad(storedValue(ret.Results[len(ret.Results)-1])) {
		return false
	}
	for i, r := range ret.Results {
		if w.t.classes[storedValue(r)] == isResource && w.t.e.callerTestsResult(w.fn, i) {
			return false
		}
	}
	return true
}

// deferredWith reports whether fn defers a call given the resource, or a
// closure capturing it or the variable holding it: such a call may close
// it on the error returns (`defer func() { closeOnError(c, err) }()`,
// whose helper's summary cannot tell an error passed in beside the conn
// from the conn's own failure), so what an error return hands the
// caller is not certainly open.
func (t *tracker) deferredWith(fn *ssa.Function) bool {
	if t.deferredWithFn != fn {
		t.deferredWithFn, t.deferredWithVal = fn, t.findDeferredWith(fn)
	}
	return t.deferredWithVal
}

// findDeferredWith computes deferredWith, once per function walked: it
// runs at returns, and fn may be huge.
func (t *tracker) findDeferredWith(fn *ssa.Function) bool {
	// From the tracked values' uses, not a scan of fn.
	for v, c := range t.classes {
		if c != isResource && c != isCell || v.Referrers() == nil {
			continue
		}
		for _, r := range *v.Referrers() {
			if r.Parent() != fn {
				continue
			}
			switch r := r.(type) {
			case *ssa.Defer:
				if !t.deferredNoOp(r) {
					return true
				}
			case *ssa.MakeClosure:
				for _, u := range *r.Referrers() {
					if d, ok := u.(*ssa.Defer); ok && d.Call.Value == r {
						return true
					}
				}
			}
		}
	}
	return false
}

// isGlobalLoad reports whether v is the value of a package-level variable.
func isGlobalLoad(v ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	_, ok = load.X.(*ssa.Global)
	return ok
}

// callerTestsResult reports whether a caller of fn in this package tests
// fn's i-th result against nil: it expects it set on some failures.
func (e *engine) callerTestsResult(fn *ssa.Function, i int) bool {
	for _, call := range e.callSitesOf(fn) {
		v := call.Value()
		if v == nil {
			continue
		}
		for _, r := range *v.Referrers() {
			if x, ok := r.(*ssa.Extract); ok && x.Index == i && nilTested(x) {
				return true
			}
		}
	}
	return false
}

// nilTested reports whether v, or a variable it is stored in, is compared
// with nil.
func nilTested(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.BinOp:
			if (r.Op == token.EQL || r.Op == token.NEQ) && (isNil(r.X) || isNil(r.Y)) {
				return true
			}
		case *ssa.Store:
			if r.Val == v {
				if cell, ok := r.Addr.(*ssa.Alloc); ok && loadsNilTested(cell) {
					return true
				}
			}
		}
	}
	return false
}

// loadsNilTested reports whether a load of cell is compared with nil.
func loadsNilTested(cell *ssa.Alloc) bool {
	for _, r := range *cell.Referrers() {
		if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
			for _, u := range *load.Referrers() {
				if b, ok := u.(*ssa.BinOp); ok && (b.Op == token.EQL || b.Op == token.NEQ) && (isNil(b.X) || isNil(b.Y)) {
					return true
				}
			}
		}
	}
	return false
}

// closedOnFailure reports whether instr passes the resource itself to a
// callee that closes it exactly when it fails (see summary.closesOnErr),
// and records that the call's error result, where non-nil, means the
// resource is closed: the caller owns nothing on that edge, and the call
// only borrows it on the other.
func (t *tracker) closedOnFailure(instr ssa.CallInstruction, c class, s summary) bool {
	call, ok := instr.(*ssa.Call)
	if !ok || c != isResource || !s.closesOnErr || errorResult(call) == nil {
		return false
	}
	for _, v := range errAliases(errorResult(call)) {
		t.closedOnErr[v] = true
	}
	t.failureCloses = true
	return true
}

// returnsClosedOnErr reports whether ret returns, as fn's error, the error
// of a call that closes the resource exactly when it fails (see
// closedOnFailure): `return requireHttpCodes(resp, 200)`, which makes fn
// such a function too.
func (t *tracker) returnsClosedOnErr(fn *ssa.Function, ret *ssa.Return) bool {
	return returnsErrorSig(fn.Signature) && len(ret.Results) > 0 && t.closedOnErr[storedValue(ret.Results[len(ret.Results)-1])]
}

// returnsStepError reports whether ret returns, as its error, the error
// result of a call in ret's own block that was given the resource (a
// handshake on the conn): `err = handshake(c); return c, err`. Where
// that step failed, the caller drops the conn with the error. A call that
// closes the resource when it fails (see closedOnFailure) and a deadline
// setter on one of net's conns (which fails only on a closed conn) are
// not such steps.
func (t *tracker) returnsStepError(ret *ssa.Return) bool {
	x := storedValue(ret.Results[len(ret.Results)-1])
	if t.closedOnErr[x] || t.typeFixed && t.deadlineErrs[x] {
		return false
	}
	call, ok := x.(*ssa.Call)
	if e, isExtract := x.(*ssa.Extract); isExtract {
		call, ok = e.Tuple.(*ssa.Call)
	}
	if !ok || call.Block() != ret.Block() || errorResult(call) != x {
		return false
	}
	for _, r := range *call.Referrers() {
		if v, ok := r.(ssa.Value); ok && v != x {
			if _, tracked := t.classes[v]; tracked {
				return false // return newClient(conn): see failReturns
			}
		}
	}
	for _, a := range call.Call.Args {
		if c := t.classes[a]; c == isResource || c == isReader {
			return true
		}
	}
	return false
}

// deferredNoOp reports whether d, a deferred call given the resource,
// certainly leaves it alone: its static callee only borrows it where
// the errors passed beside it are nil (see errorParams), and each of
// those is nil when d runs its arguments' evaluation (`defer
// closeIfFailed(c, err)` after `if err != nil { return … }`: err is
// evaluated then, not at the return).
func (t *tracker) deferredNoOp(d *ssa.Defer) bool {
	common := &d.Call
	if common.StaticCallee() == nil {
		return false
	}
	hasErr := false
	for i, a := range common.Args {
		if isErrorType(a.Type()) {
			if !knownNilAt(a, d) {
				return false
			}
			hasErr = true
			continue
		}
		if t.classes[a] == isResource && t.e.calleeSummary(common, i, isResource).eff != effectBorrows {
			return false
		}
	}
	return hasErr
}

// knownNilAt reports whether v, an error, is nil where instr runs: v (or
// the value stored in the variable v loads, by its last store before
// instr) was compared with nil, and the nil edge of that test dominates
// instr.
func knownNilAt(v ssa.Value, instr ssa.Instruction) bool {
	vals := []ssa.Value{v}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		cell, ok := load.X.(*ssa.Alloc)
		if !ok {
			return false
		}
		st := lastStoreBefore(cell, instr)
		if st == nil {
			return false
		}
		vals = []ssa.Value{st.Val}
		for _, r := range *cell.Referrers() {
			if l, ok := r.(*ssa.UnOp); ok && l.Op == token.MUL && before(st, l) && before(l, instr) {
				vals = append(vals, l)
			}
		}
	}
	for _, w := range vals {
		for _, b := range nilEdges(w) {
			if b.Dominates(instr.Block()) {
				return true
			}
		}
	}
	return false
}

// lastStoreBefore returns the store to cell that runs before instr on
// every path to it and after which no other store to cell can run before
// instr, or nil.
func lastStoreBefore(cell *ssa.Alloc, instr ssa.Instruction) *ssa.Store {
	var stores []*ssa.Store
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
			stores = append(stores, st)
		}
	}
	for _, st := range stores {
		if !before(st, instr) {
			continue
		}
		last := true
		for _, o := range stores {
			if o != st && !before(o, st) && (before(o, instr) || o.Block() != instr.Block() && reaches(o.Block(), instr.Block())) {
				last = false
			}
		}
		if last {
			return st
		}
	}
	return nil
}

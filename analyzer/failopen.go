package analyzer

// This file handles callees that keep a resource only on success
// ("fail-open": fasthttp's and net/http's ServeTLS return a certificate
// error before they take the listener): on the failure edge of such a
// call the caller still owns the resource (see summary.openOnErr).

import "golang.org/x/tools/go/ssa"

// failOpen records, if the callee of instr keeps the resource only on
// success (s.openOnErr) and the caller sees its error, that the caller
// still owns the resource on the call's failure edge.
func (t *tracker) failOpen(instr ssa.CallInstruction, c class, s summary) bool {
	call, ok := instr.(*ssa.Call)
	if !ok || !s.openOnErr || c != isResource {
		return false
	}
	if s.argChecked && !t.mayFailOnArgs(call.Common(), s.argChecks) {
		return false // newConn(s.ctx, id, c): only a bad argument fails it, and none can be
	}
	err := errorResult(call)
	if err == nil || !used(err) {
		return false // `_ = s.serveTLS(ln)`: the caller never sees the failure
	}
	for _, v := range errAliases(err) {
		t.failOpenErrs[v] = true
	}
	t.event(instr, evFailOpen)
	return true
}

// used reports whether v has a use other than a debug reference.
func used(v ssa.Value) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if _, debug := r.(*ssa.DebugRef); !debug {
			return true
		}
	}
	return false
}

// returnsFailOpenErr reports whether ret returns, as its last result, the
// error of a call that keeps the resource on success only.
func (t *tracker) returnsFailOpenErr(ret *ssa.Return) bool {
	if len(ret.Results) == 0 {
		return false
	}
	last := ret.Results[len(ret.Results)-1]
	return t.failOpenErrs[last] || t.failOpenErrs[storedValue(last)]
}

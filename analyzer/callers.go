package analyzer

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// closedByCaller reports whether a caller in this package closes the
// argument it passes fn as parameter i: `handle(c); c.Close()`, a `defer
// c.Close()` around it, or goroutines running fn that the caller waits
// for before closing (`go copyAndClose(dst, src, &wg); …; wg.Wait();
// dst.Close()`). Such a fn leaves the conn to that caller on its early
// returns. Only the caller's own Close of the same value (or of a
// conversion of it) counts: this is a look at the calls, not an analysis
// of the callers.
func (e *engine) closedByCaller(fn *ssa.Function, i int) bool {
	for _, call := range e.callSitesOf(fn) {
		args := call.Common().Args
		if i < len(args) && closesValue(call.Parent(), rootOf(args[i])) {
			return true
		}
	}
	return false
}

// closedByEveryCaller reports whether fn has callers in this package and
// each of them closes the argument it passes as parameter i (see
// closedByCaller): fn's error returns leave the conn to callers that
// close it (ngrok's openBackend, whose caller closes the tunnel conn when
// the backend cannot be reached).
func (e *engine) closedByEveryCaller(fn *ssa.Function, i int) bool {
	calls := e.callSitesOf(fn)
	for _, call := range calls {
		args := call.Common().Args
		if i >= len(args) || !closesOnFailure(call, rootOf(args[i])) {
			return false
		}
	}
	return len(calls) > 0
}

// closesOnFailure reports whether the function making call closes v
// where call fails: in a deferred call registered before it, or in code
// that the non-nil edge of a test of call's error dominates.
func closesOnFailure(call ssa.CallInstruction, v ssa.Value) bool {
	var failed []*ssa.BasicBlock
	if c, ok := call.(*ssa.Call); ok {
		if err := errorResult(c); err != nil {
			failed = nonNilEdges(err)
		}
	}
	for _, rel := range releaseCalls(call.Parent()) {
		if recv := receiverOf(rel.Common()); recv == nil || rootOf(recv) != v {
			continue
		}
		if _, deferred := rel.(*ssa.Defer); deferred && before(rel, call) {
			return true
		}
		if slices.ContainsFunc(failed, func(f *ssa.BasicBlock) bool { return f.Dominates(rel.Block()) }) {
			return true
		}
	}
	return false
}

// nonNilEdges returns the blocks that the non-nil edges of the tests of
// err against nil enter, where that edge is the block's only way in.
func nonNilEdges(err ssa.Value) []*ssa.BasicBlock {
	return nilTestEdges(err, false)
}

// nilEdges is nonNilEdges for the nil edges.
func nilEdges(err ssa.Value) []*ssa.BasicBlock {
	return nilTestEdges(err, true)
}

// nilTestEdges returns the blocks that the nil (or non-nil) edges of the
// tests of v against nil enter, where that edge is the block's only way
// in.
func nilTestEdges(err ssa.Value, nilEdge bool) []*ssa.BasicBlock {
	var blocks []*ssa.BasicBlock
	for _, r := range *err.Referrers() {
		cmp, ok := r.(*ssa.BinOp)
		if !ok || !isNil(cmp.X) && !isNil(cmp.Y) {
			continue
		}
		for _, u := range *cmp.Referrers() {
			ifi, ok := u.(*ssa.If)
			if !ok {
				continue
			}
			if cmp.Op != token.EQL && cmp.Op != token.NEQ {
				continue
			}
			s := ifi.Block().Succs[0] // where the test is true
			if (cmp.Op == token.EQL) != nilEdge {
				s = ifi.Block().Succs[1]
			}
			if len(s.Preds) == 1 {
				blocks = append(blocks, s)
			}
		}
	}
	return blocks
}

// rootOf returns what v is at bottom: v without the interface and type
// conversions around it or the embedded-field address of a promoted
// method's receiver, or for a load of a local or captured variable, the
// variable (each use of a captured c loads it anew).
func rootOf(v ssa.Value) ssa.Value {
	for {
		switch w := v.(type) {
		case *ssa.MakeInterface:
			v = w.X
		case *ssa.ChangeInterface:
			v = w.X
		case *ssa.ChangeType:
			v = w.X
		case *ssa.FieldAddr:
			if !isEmbedded(w.X.Type(), w.Field) {
				return v
			}
			v = w.X // &c.conn, the receiver of a promoted Close
		case *ssa.UnOp:
			switch w.X.(type) {
			case *ssa.Alloc, *ssa.FreeVar:
				if w.Op == token.MUL {
					return w.X
				}
			}
			return v
		default:
			return v
		}
	}
}

// closesValue reports whether fn calls (or defers) Close on v or on a
// conversion of v.
func closesValue(fn *ssa.Function, v ssa.Value) bool {
	for _, rel := range releaseCalls(fn) {
		if recv := receiverOf(rel.Common()); recv != nil && rootOf(recv) == v {
			return true
		}
	}
	return false
}

// releaseCalls returns fn's calls (and go and defer statements) of a
// method named like a release (see releaseMethods), or of a method of
// fn's package named close or shutdown (see isLocalRelease).
func releaseCalls(fn *ssa.Function) []ssa.CallInstruction {
	var calls []ssa.CallInstruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				if m := calleeFunc(call.Common()); m != nil && (releaseMethods[m.Name()] || fn.Pkg != nil && isLocalRelease(m, fn.Pkg.Pkg)) {
					calls = append(calls, call)
				}
			}
		}
	}
	return calls
}

// callSitesOf returns the calls, go and defer statements of this package
// whose static callee is fn (indexed once per package).
func (e *engine) callSitesOf(fn *ssa.Function) []ssa.CallInstruction {
	if e.callSites == nil {
		e.callSites = make(map[*ssa.Function][]ssa.CallInstruction)
		for _, f := range e.srcFuncs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(ssa.CallInstruction); ok {
						if callee := call.Common().StaticCallee(); callee != nil {
							e.callSites[callee] = append(e.callSites[callee], call)
						}
					}
				}
			}
		}
	}
	return e.callSites[fn]
}

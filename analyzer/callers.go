package analyzer

import (
	"go/token"

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
	for _, common := range releaseCalls(fn) {
		if recv := receiverOf(common); recv != nil && rootOf(recv) == v {
			return true
		}
	}
	return false
}

// releaseCalls returns fn's calls (and go and defer statements) of a
// method named like a release (see releaseMethods).
func releaseCalls(fn *ssa.Function) []*ssa.CallCommon {
	var calls []*ssa.CallCommon
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok {
				if m := calleeFunc(call.Common()); m != nil && releaseMethods[m.Name()] {
					calls = append(calls, call.Common())
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

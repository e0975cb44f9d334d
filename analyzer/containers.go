package analyzer

// This file finds resources acquired in a loop and kept in a local slice
// (`lns = append(lns, ln)`) that a return drops while the slice may hold
// them: the listeners of earlier iterations stay open when a later one
// fails (issue 26's listeners kept in a slice). Only a slice used in no
// other way than appended to, measured and returned is followed, so any
// code that might close its elements (a range over it, a call given it)
// makes the function's returns certain to be someone's concern.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// containerLeaks returns the leaks of the acquisitions of fn whose
// resources are only appended to a local slice (see keptInSlice) when
// some return that the append reaches drops the slice.
func (e *engine) containerLeaks(fn *ssa.Function, acqs []*acquisition) []*Leak {
	var leaks []*Leak
	for _, a := range acqs {
		if a.cell != nil {
			continue // a closure's store into a variable: no slice
		}
		r := resultValue(a.call, a.what.Result)
		app := keptInSlice(r)
		if app == nil {
			continue
		}
		slice, returns, ok := sliceUses(app)
		if !ok {
			continue
		}
		var exits []Exit
		for _, b := range fn.Blocks {
			ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !isRet || returns[ret] || b != app.Block() && !reaches(app.Block(), b) || emptyThere(slice, b) {
				continue
			}
			kind := ReturnExit
			if returnsError(fn, ret) {
				kind = ErrorReturnExit
			}
			exits = append(exits, Exit{Kind: kind, Pos: ret.Pos()})
		}
		if len(exits) == 0 || e.endsProcess(fn) {
			continue
		}
		l := e.leak(a, exits)
		l.Container = slice.Comment
		leaks = append(leaks, l)
	}
	return leaks
}

// keptInSlice returns the append that r, an acquisition's result, is
// kept by (`lns = append(lns, ln)`), when r (or its conversion to an
// interface) is used only for that, for comparisons and for its address
// methods; else nil.
func keptInSlice(r ssa.Value) *ssa.Call {
	var app *ssa.Call
	work := []ssa.Value{r}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if v == nil || v.Referrers() == nil {
			return nil // a result not used (discarded), or a constant
		}
		for _, instr := range *v.Referrers() {
			switch in := instr.(type) {
			case *ssa.DebugRef, *ssa.BinOp:
			case *ssa.MakeInterface, *ssa.ChangeInterface:
				work = append(work, in.(ssa.Value))
			case *ssa.Store:
				a := appendOfVarargs(in)
				if a == nil || app != nil {
					return nil
				}
				app = a
			case *ssa.Call:
				if in.Call.IsInvoke() && in.Call.Value == v && addrMethods[in.Call.Method.Name()] {
					continue
				}
				if fn := in.Call.StaticCallee(); fn != nil && len(in.Call.Args) == 1 && in.Call.Args[0] == v && fn.Signature.Recv() != nil && addrMethods[fn.Name()] {
					continue
				}
				return nil
			default:
				return nil
			}
		}
	}
	return app
}

// addrMethods are the methods of a resource that only report its
// addresses.
var addrMethods = map[string]bool{"Addr": true, "LocalAddr": true, "RemoteAddr": true}

// appendOfVarargs returns the append call whose one-element variadic
// array st stores into (`append(lns, ln)`: ln is stored at index 0 of a
// new [1]T, sliced and passed as append's second argument), or nil.
func appendOfVarargs(st *ssa.Store) *ssa.Call {
	ia, ok := st.Addr.(*ssa.IndexAddr)
	if !ok {
		return nil
	}
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok || len(*arr.Referrers()) != 2 {
		return nil // the element store and the slicing only
	}
	for _, r := range *arr.Referrers() {
		sl, ok := r.(*ssa.Slice)
		if !ok || sl.Referrers() == nil || len(*sl.Referrers()) != 1 {
			continue
		}
		call, ok := (*sl.Referrers())[0].(*ssa.Call)
		if !ok {
			continue // a slice literal stored or passed: []*os.File{f}
		}
		if b, isBuiltin := call.Call.Value.(*ssa.Builtin); isBuiltin && b.Name() == "append" && len(call.Call.Args) == 2 && call.Call.Args[1] == sl {
			return call
		}
	}
	return nil
}

// sliceUses follows the slice that app appends to: the loop's phi that
// carries it (named after the variable), and the returns that return
// it. It reports false when the slice is used otherwise than appended
// to, measured, compared or returned, or has no phi.
func sliceUses(app *ssa.Call) (*ssa.Phi, map[*ssa.Return]bool, bool) {
	var phi *ssa.Phi
	returns := make(map[*ssa.Return]bool)
	seen := map[ssa.Value]bool{app: true}
	work := []ssa.Value{app}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, instr := range *v.Referrers() {
			switch in := instr.(type) {
			case *ssa.DebugRef, *ssa.BinOp:
			case *ssa.Phi:
				if phi == nil && in.Comment != "" {
					phi = in
				}
				if !seen[in] {
					seen[in] = true
					work = append(work, in)
				}
			case *ssa.Call:
				b, ok := in.Call.Value.(*ssa.Builtin)
				switch {
				case ok && b.Name() == "len":
				case ok && b.Name() == "append" && in == app && in.Call.Args[0] == v:
				default:
					return nil, nil, false
				}
			case *ssa.Return:
				returns[in] = true
			default:
				return nil, nil, false
			}
		}
	}
	return phi, returns, phi != nil
}

// emptyThere reports whether block b runs only where the slice carried
// by phi is empty: under `len(lns) == 0` (or the false edge of `len(lns)
// != 0` / `len(lns) > 0`).
func emptyThere(phi *ssa.Phi, b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		bin, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok || !isLenOf(bin.X, phi) || !isZero(bin.Y) {
			continue
		}
		empty := d.Succs[0] // len == 0 holds on the true edge
		if bin.Op == token.NEQ || bin.Op == token.GTR {
			empty = d.Succs[1]
		} else if bin.Op != token.EQL {
			continue
		}
		if empty.Dominates(b) {
			return true
		}
	}
	return false
}

// isLenOf reports whether v is len(phi).
func isLenOf(v ssa.Value, phi *ssa.Phi) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	b, ok := call.Call.Value.(*ssa.Builtin)
	return ok && b.Name() == "len" && len(call.Call.Args) == 1 && call.Call.Args[0] == phi
}

// isZero reports whether v is the constant 0.
func isZero(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value != nil && c.Value.String() == "0"
}

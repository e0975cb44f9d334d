package analyzer

// This file knows the arguments of variadic calls that print or log what
// they are given and keep none of it: the resource among a formatter's
// arguments, or the address of the variable holding it among a logger's
// key-value pairs.

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// onlyFormatted reports whether ia addresses an element of the array
// go/ssa makes for a variadic call's arguments, and that array goes only
// to formatting functions (see formatters) as their variadic arguments:
// they print what they are given and keep none of it.
func (e *engine) onlyFormatted(ia *ssa.IndexAddr) bool {
	return varargsOnlyTo(ia, func(call ssa.CallInstruction) bool {
		return formatters[e.fullName(calleeFunc(call.Common()))]
	})
}

// varargsOnlyTo reports whether ia addresses an element of the array
// go/ssa makes for a variadic call's arguments, and that array goes only
// to calls that accept takes, as their variadic arguments.
func varargsOnlyTo(ia *ssa.IndexAddr, accept func(ssa.CallInstruction) bool) bool {
	arr, ok := ia.X.(*ssa.Alloc)
	if !ok || arr.Comment != "varargs" {
		return false
	}
	for _, r := range *arr.Referrers() {
		switch r := r.(type) {
		case *ssa.IndexAddr:
		case *ssa.Slice:
			for _, u := range *r.Referrers() {
				call, ok := u.(ssa.CallInstruction)
				if !ok || !accept(call) {
					return false
				}
				if args := call.Common().Args; len(args) == 0 || args[len(args)-1] != r {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// addressOnlyLogged reports whether mi, the address of a local variable
// holding the resource converted to an interface, is only passed among
// the variadic ...any arguments of calls (a logger's key-value pairs:
// golog.Trace("opening", "conn", &c)). A pointer to an interface
// variable has no methods: a callee could only close the resource by
// asserting it back to that pointer type, so it prints or ignores it.
func addressOnlyLogged(mi *ssa.MakeInterface) bool {
	anyArgs := func(call ssa.CallInstruction) bool {
		sig := call.Common().Signature()
		if !sig.Variadic() {
			return false
		}
		last := sig.Params().At(sig.Params().Len() - 1).Type()
		elem, ok := last.Underlying().(*types.Slice)
		if !ok {
			return false
		}
		iface, ok := elem.Elem().Underlying().(*types.Interface)
		return ok && iface.Empty()
	}
	for _, r := range *mi.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok || st.Val != mi {
			return false
		}
		ia, ok := st.Addr.(*ssa.IndexAddr)
		if !ok || !varargsOnlyTo(ia, anyArgs) {
			return false
		}
	}
	return true
}

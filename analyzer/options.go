package analyzer

// This file recognises the functional options a constructor applies to
// the struct it builds around a resource.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// functionalOption reports whether call calls a func value taken from the
// variadic parameter of the function (`for _, o := range opts { o(m) }`)
// with the struct v, which holds the resource, as its only argument, and
// returns nothing or an error: a functional option, which sets the
// struct's fields and does not take what it holds.
func functionalOption(call *ssa.CallCommon, v ssa.Value) bool {
	if call.IsInvoke() || call.StaticCallee() != nil || len(call.Args) != 1 || call.Args[0] != v {
		return false
	}
	res := call.Signature().Results()
	if res.Len() > 1 || res.Len() == 1 && !isErrorType(res.At(0).Type()) {
		return false
	}
	load, ok := call.Value.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	elem, ok := load.X.(*ssa.IndexAddr)
	if !ok {
		return false
	}
	p, ok := elem.X.(*ssa.Parameter)
	if !ok {
		return false
	}
	fn := p.Parent()
	return fn.Signature.Variadic() && fn.Params[len(fn.Params)-1] == p
}

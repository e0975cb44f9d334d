package analyzer

// This file knows the structs that hold a resource without owning it: a
// generated gRPC client (pb.NewEchoClient(conn) keeps conn in a field
// and never closes it), an agent client built on a conn. Returning one
// as an interface without Close (see hiddenBehind) hands the caller a
// value through which the resource cannot be closed: the resource stays
// the caller's to close (for a parameter), or can never be closed (for
// an acquisition). A struct returned as itself is not one: the caller
// can close what its fields hold.

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// nonOwningWrapper reports whether t, the type of a struct that holds the
// resource in a field, is one of this package's named types that cannot
// release it: it has no release method (see releaseMethods), and none of
// its methods calls one on anything. A type from another package, or
// one whose methods close something, may own it.
func (e *engine) nonOwningWrapper(t types.Type) bool {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() != e.pass.Pkg || !isStructType(named) || hasCloseMethod(named) {
		return false
	}
	if v, ok := e.wrappers[named]; ok {
		return v
	}
	prog := e.ssaPkg.Prog
	mset := prog.MethodSets.MethodSet(types.NewPointer(named))
	wrapper := true
	for i := 0; i < mset.Len() && wrapper; i++ {
		if fn := prog.MethodValue(mset.At(i)); fn != nil && callsRelease(fn) {
			wrapper = false
		}
	}
	e.wrappers[named] = wrapper
	return wrapper
}

// callsRelease reports whether fn, or a function literal in it, calls a
// method named like a release (Close, CloseNow, CloseWithError).
func callsRelease(fn *ssa.Function) bool {
	if len(releaseCalls(fn)) > 0 {
		return true
	}
	for _, anon := range fn.AnonFuncs {
		if callsRelease(anon) {
			return true
		}
	}
	return false
}

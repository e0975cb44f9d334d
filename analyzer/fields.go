package analyzer

// This file knows the fields that their type forgets: a struct of this
// package that holds the resource in a field no code of the package ever
// closes or hands on. Returning such a struct hands the caller an owner
// whose Close (or close, or Shutdown) releases its other parts and leaves
// this one open: the conn kept beside a QUIC connection in a field the
// close method never touches.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// forgottenField reports whether field f of the struct type t (one of
// this package's named types, or a pointer to one) holds something that
// nothing in the package can release: t has a life cycle (one of its
// methods calls a release method on something), f is neither embedded (a
// promoted Close closes it) nor exported (another package may close it
// through the field), and every read of f in the package only
// compares it or calls methods on it that are not releases. A read that
// hands the value on (an argument, a store, a return, a conversion)
// may release it, so the field is not forgotten.
func (e *engine) forgottenField(t types.Type, f int) bool {
	named, field := e.privateField(t, f)
	return field != nil && e.neverReleased(field) && e.hasLifeCycle(named)
}

// privateField returns field f of the struct type t (one of this
// package's named types, or a pointer to one), and t's named type, if
// that field is neither embedded (a promoted Close closes it) nor
// exported (another package may close it through the field).
func (e *engine) privateField(t types.Type, f int) (*types.Named, *types.Var) {
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() != e.pass.Pkg || !isStructType(named) || isEmbedded(named, f) {
		return nil, nil
	}
	field := structField(named, f)
	if field == nil || field.Exported() {
		return nil, nil
	}
	return named, field
}

// neverReleased reports (computing once) whether no function of the
// package reads field in a way that may release or hand on what it
// holds (see fieldReleased).
func (e *engine) neverReleased(field *types.Var) bool {
	if never, ok := e.forgotten[field]; ok {
		return never
	}
	never := !e.fieldReleased(field)
	e.forgotten[field] = never
	return never
}

// hasLifeCycle reports whether a method of named (or a function literal
// in one) calls a release method on something.
func (e *engine) hasLifeCycle(named *types.Named) bool {
	prog := e.ssaPkg.Prog
	mset := prog.MethodSets.MethodSet(types.NewPointer(named))
	for i := 0; i < mset.Len(); i++ {
		if fn := prog.MethodValue(mset.At(i)); fn != nil && fn.Pkg == e.ssaPkg && callsRelease(fn) {
			return true
		}
	}
	return false
}

// fieldReleased reports whether some function of the package reads field
// and may release what it holds or hand it on.
func (e *engine) fieldReleased(field *types.Var) bool {
	for _, v := range e.fieldSelects(field) {
		if !onlyLooks(v, true, false) {
			return true
		}
	}
	return false
}

// onlyLooks reports whether every use of v compares it or calls a method
// on it that is not a release (or, if closes, any method); addr says v is
// the field's address, whose loads are the values and whose stores only
// replace it.
func onlyLooks(v ssa.Value, addr, closes bool) bool {
	refs := v.Referrers()
	if refs == nil {
		return true
	}
	for _, r := range *refs {
		switch in := r.(type) {
		case *ssa.DebugRef, *ssa.If:
		case *ssa.Store:
			if !addr || in.Val == v {
				return false
			}
		case *ssa.UnOp:
			if !addr || in.Op != token.MUL || !onlyLooks(in, false, closes) {
				return false
			}
		case *ssa.BinOp:
			if in.Op != token.EQL && in.Op != token.NEQ {
				return false
			}
		case ssa.CallInstruction:
			if addr || !looksOnly(in.Common(), v) && !(closes && onlyReceiver(in.Common(), v)) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// looksOnly reports whether call uses v only as the receiver of a method
// whose name does not say it closes (Read, Write, SetDeadline, LocalAddr).
func looksOnly(call *ssa.CallCommon, v ssa.Value) bool {
	if !onlyReceiver(call, v) {
		return false
	}
	name := ""
	if fn := calleeFunc(call); fn != nil {
		name = fn.Name()
	}
	return name != "" && !nameHas(name, releaseWords)
}

// onlyReceiver reports whether call uses v as the receiver of a method
// and not as an argument.
func onlyReceiver(call *ssa.CallCommon, v ssa.Value) bool {
	if receiverOf(call) != v {
		return false
	}
	args := call.Args
	if !call.IsInvoke() {
		args = args[1:]
	}
	for _, a := range args {
		if a == v {
			return false
		}
	}
	return true
}

// ownFieldOnly reports whether every read of field in the package only
// compares it or calls its methods, closing ones included: nothing hands
// what it holds to another owner that might close it.
func (e *engine) ownFieldOnly(field *types.Var) bool {
	for _, v := range e.fieldSelects(field) {
		if !onlyLooks(v, true, true) {
			return false
		}
	}
	return true
}

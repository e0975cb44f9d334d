package analyzer

// This file classifies a return of the tracked resource, or of a struct
// that holds it: a return that hands it to the caller, one that leaves it
// open behind a wrapper the caller cannot close, or an escape.

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// returnUse records returning v (of class c) from the function.
func (t *tracker) returnUse(v ssa.Value, c class, ret *ssa.Return) {
	if c == isReader {
		// A reader or writer built on it gives the caller no way to
		// close it (none of the table's can): the return leaves it
		// open, unless the resource itself goes with it (markWrappers
		// words the exit).
		return
	}
	if sv := storedValue(v); sv != v {
		// A function with defers returns loads of its result variables;
		// the value stored on this path is what it returns. A load of a
		// cell that held the resource on another path returns nil (or
		// something else) here: the resource is not returned.
		if _, tracked := t.classes[sv]; !tracked {
			// It may be classified later in the worklist
			// (return wrap(resp.Body), nil, where the summary
			// of wrap makes its result the resource).
			t.laterReturns = append(t.laterReturns, laterReturn{v, c, ret})
			return
		}
	}
	for j, r := range ret.Results {
		if r != v {
			continue
		}
		owned := t.handsOver(v, c, ret)
		if !owned && c == isStruct && hiddenBehind(v) && t.e.nonOwningWrapper(structType(v)) {
			// return &echoClient{cc} as an EchoClient: the caller
			// cannot close it through what it gets; the return is an
			// exit like any.
			t.wrappedAt[j] = true
			t.wrappedBy[ret] = structType(v)
			return
		}
		if c == isStruct && t.e.forgottenField(structType(v), t.field[v]) {
			// return &quicConn{raw: udpConn, …}: the struct's methods
			// never close raw; the return is an exit like any.
			t.wrappedBy[ret] = structType(v)
			t.forgets[ret] = structField(structType(v), t.field[v])
			return
		}
		if !owned {
			break
		}
		t.returnedAt[j] = true
		t.event(ret, evReturn)
		if call, ok := t.returnedVia[r]; ok && returnsErrorOf(ret, call) && !t.e.instrCannotFail(call) {
			t.failReturns[ret] = true
		}
		return
	}
	t.event(ret, evEscape)
}

// handsOver reports whether returning v, of class c, hands the resource
// to the caller: the resource itself, or a struct holding it that has a
// Close (or embeds it); or, for a parameter's summary, a struct that holds
// it in a field its callers in other packages cannot reach and that
// nothing of its type closes (mgr := New(nc)): the conn stays the
// caller's to close, held by the result, which the caller follows as the
// resource.
func (t *tracker) handsOver(v ssa.Value, c class, ret *ssa.Return) bool {
	switch {
	case c == isResource:
		return true
	case c != isStruct:
		return false
	case hasCloseMethod(v.Type()) || t.embedsResource(v):
		return true
	}
	if hiddenBehind(v) || !t.e.nonOwningWrapper(structType(v)) {
		return false
	}
	if t.summarizing {
		return t.privateHolder(v)
	}
	return t.reachableHolder(v, ret.Parent())
}

// reachableHolder reports whether v, a struct of this package that holds
// the acquired resource and has no method that closes anything, is
// returned to callers that can reach the field holding it: the function
// is unexported (its callers are in this package) or the field is
// exported. Such a struct is a plain holder (newMover returns
// &moverConnection{deviceConn: conn}); the caller closes the resource
// through the field (defer m.deviceConn.Close()) and follows the struct
// as the resource.
func (t *tracker) reachableHolder(v ssa.Value, fn *ssa.Function) bool {
	f, ok := t.field[v]
	if !ok {
		return false
	}
	field := structField(structType(v), f)
	if field == nil {
		return false
	}
	return field.Exported() || fn.Parent() != nil || !token.IsExported(fn.Name())
}

// returnsErrorOf reports whether ret returns, as its last result, the
// error result of call, which the function never tests: a function that
// tests it (if err != nil { conn.Close() }; return admin, err) knows
// which way the call went.
func returnsErrorOf(ret *ssa.Return, call ssa.CallInstruction) bool {
	v := call.Value()
	if v == nil || len(ret.Results) == 0 {
		return false
	}
	errs := errAliases(errorResult(v))
	if !slices.Contains(errs, storedValue(ret.Results[len(ret.Results)-1])) {
		return false
	}
	for _, err := range errs {
		if !onlyReturned(err, true) {
			return false
		}
	}
	return true
}

// onlyReturned reports whether v is only returned, directly or (viaVar)
// through a local variable whose loads are only returned.
func onlyReturned(v ssa.Value, viaVar bool) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Return, *ssa.DebugRef:
		case *ssa.Store:
			alloc, ok := r.Addr.(*ssa.Alloc)
			if !ok || r.Val != v || !viaVar {
				return false
			}
			for _, u := range *alloc.Referrers() {
				switch u := u.(type) {
				case *ssa.Store, *ssa.DebugRef:
				case *ssa.UnOp:
					if u.Op != token.MUL || !onlyReturned(u, false) {
						return false
					}
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// A laterReturn is a return that returnUse looks at again when the
// tracker's worklist is empty.
type laterReturn struct {
	v   ssa.Value
	c   class
	ret *ssa.Return
}

// embedsResource reports whether the struct v holds the resource in an
// embedded field: `return &Response{Response: resp}` promotes the
// response's fields, so the caller closes resp.Body through it.
func (t *tracker) embedsResource(v ssa.Value) bool {
	f, ok := t.field[v]
	return ok && isEmbedded(v.Type(), f)
}

// privateHolder reports whether v, a struct of this package returned as
// itself, holds the resource in an unexported field that is not embedded
// (see engine.privateField).
func (t *tracker) privateHolder(v ssa.Value) bool {
	f, ok := t.field[v]
	if !ok {
		return false
	}
	_, field := t.e.privateField(v.Type(), f)
	return field != nil
}

// hiddenBehind reports whether v is a struct converted to an interface
// that has no release method: its caller can reach neither the struct's
// fields nor a Close.
func hiddenBehind(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.MakeInterface, *ssa.ChangeInterface:
		return !hasCloseMethod(v.Type())
	}
	return false
}

// structType returns the type of the struct v holds the resource in: v's
// own type, or, for an interface v converts the struct to (return
// &echoClient{cc} as an EchoClient), the struct's.
func structType(v ssa.Value) types.Type {
	return unconverted(v).Type()
}

// mixedResult reports whether fn's result j, of an interface type with no
// methods, is something else than a resource on some return: a helper
// `request(…, stream bool) (any, error)` that returns the body when asked
// to stream and a decoded map otherwise. Its result is not certainly a
// fresh resource at a call, so the call is not an acquisition.
func mixedResult(fn *ssa.Function, j int) bool {
	iface, ok := fn.Signature.Results().At(j).Type().Underlying().(*types.Interface)
	if !ok || iface.NumMethods() > 0 {
		return false
	}
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || j >= len(ret.Results) {
			continue
		}
		if mi, ok := storedValue(ret.Results[j]).(*ssa.MakeInterface); ok && !mayHoldResource(mi.X.Type()) {
			return true
		}
	}
	return false
}

// mayHoldResource reports whether a value of type t can be a resource or
// hold one where a caller can close it: a type with a Close method, a
// response, or an interface.
func mayHoldResource(t types.Type) bool {
	if _, isIface := t.Underlying().(*types.Interface); isIface {
		return true
	}
	return hasCloseMethod(t) || isResponsePtr(t)
}

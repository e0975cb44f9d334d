package analyzer

// This file finds what a function builds on the resource beyond what the
// tracker follows, and where those values leave the function: a
// *gzip.Reader of a body, a struct holding a bufio.Reader of a conn, any
// result of a call given the resource. A fix must never close a resource
// that such a value still reads after the function returns; and a return
// that gives the caller only such a value leaves it no way to close the
// resource (see markWrappers).

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A derivation is the values of a function built on the resource (the
// tracked ones included) and the instructions by which one leaves the
// function: a return, a store outside it, a send, a go statement.
type derivation struct {
	values  map[ssa.Value]bool
	escapes map[ssa.Instruction]bool
}

// derive computes the derivation of t's resource: from every value t
// tracks, through calls that take one (their results that can hold a
// reference: any call may keep its argument), conversions, phis, loads,
// parts of values built on it, closures that capture one, and local
// variables and structs one is stored in. The resource's own fields are
// not followed (resp.Header is not built on the body); the tracker
// follows those that can hold it.
func (t *tracker) derive() *derivation {
	w := &deriver{d: &derivation{values: make(map[ssa.Value]bool), escapes: make(map[ssa.Instruction]bool)}}
	for v := range t.classes {
		w.add(v)
	}
	for len(w.work) > 0 {
		v := w.work[len(w.work)-1]
		w.work = w.work[:len(w.work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			t.deriveUse(w, v, r)
		}
	}
	return w.d
}

// A deriver computes a derivation: the values found so far, and those
// whose uses are still to be followed.
type deriver struct {
	d    *derivation
	work []ssa.Value
}

// add records v as built on the resource, and schedules its uses.
func (w *deriver) add(v ssa.Value) {
	if v != nil && !w.d.values[v] {
		w.d.values[v] = true
		w.work = append(w.work, v)
	}
}

// deriveUse follows the use r of v, a value built on t's resource: it
// adds r's value if r builds one on v that may refer to it, or records r
// as an escape if r lets v out of the function.
func (t *tracker) deriveUse(w *deriver, v ssa.Value, r ssa.Instruction) {
	switch r := r.(type) {
	case *ssa.Call:
		if mayRefer(r.Type()) {
			w.add(r)
		}
	case *ssa.Go, *ssa.Return, *ssa.Send, *ssa.MapUpdate:
		w.d.escapes[r] = true
	case *ssa.Select:
		if slices.ContainsFunc(r.States, func(st *ssa.SelectState) bool { return st.Send == v }) {
			w.d.escapes[r] = true
		}
	case *ssa.Store:
		if r.Val != v {
			return // stored into: the old value is the flow's concern
		}
		if holder := localHolder(r.Addr); holder != nil {
			w.add(holder)
		} else {
			w.d.escapes[r] = true
		}
	case *ssa.Field, *ssa.FieldAddr:
		if t.classes[v] != isResource && mayRefer(r.(ssa.Value).Type()) {
			w.add(r.(ssa.Value))
		}
	case *ssa.Extract, *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert,
		*ssa.TypeAssert, *ssa.Phi, *ssa.Slice, *ssa.Index, *ssa.IndexAddr, *ssa.Lookup,
		*ssa.UnOp, *ssa.MakeClosure:
		if val := r.(ssa.Value); mayRefer(val.Type()) {
			w.add(val)
		}
	}
}

// uses reports whether instr, a call, go or defer statement, passes a
// value of d (as receiver, argument, function value or a binding of the
// closure it calls).
func (d *derivation) uses(instr ssa.CallInstruction) bool {
	common := instr.Common()
	if d.values[common.Value] {
		return true
	}
	for _, a := range common.Args {
		if d.values[a] {
			return true
		}
	}
	if mc, ok := common.Value.(*ssa.MakeClosure); ok {
		for _, b := range mc.Bindings {
			if d.values[b] {
				return true
			}
		}
	}
	return false
}

// localHolder returns the local variable or struct that addr (it, a
// field of it, an element of it) belongs to, or nil.
func localHolder(addr ssa.Value) *ssa.Alloc {
	for {
		switch a := addr.(type) {
		case *ssa.Alloc:
			return a
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.IndexAddr:
			if _, isArray := a.X.Type().Underlying().(*types.Pointer); !isArray {
				return nil // a slice's element: the backing array may be shared
			}
			addr = a.X
		default:
			return nil
		}
	}
}

// mayRefer reports whether a value of type t can refer to another value
// (and so to the resource): pointers, interfaces other than error, maps,
// channels, functions, and what holds one. Numbers, strings, byte slices
// and errors cannot usefully.
func mayRefer(t types.Type) bool {
	return mayReferDepth(t, 0)
}

// mayReferDepth is mayRefer for a type depth levels inside the one asked
// about; beyond 8 levels it answers true.
func mayReferDepth(t types.Type, depth int) bool {
	if depth > 8 {
		return true
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return u.Kind() == types.UnsafePointer
	case *types.Interface:
		return !isErrorType(t)
	case *types.Slice:
		return mayReferDepth(u.Elem(), depth+1)
	case *types.Array:
		return mayReferDepth(u.Elem(), depth+1)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			if mayReferDepth(u.Field(i).Type(), depth+1) {
				return true
			}
		}
		return false
	case *types.Tuple:
		for i := 0; i < u.Len(); i++ {
			if mayReferDepth(u.At(i).Type(), depth+1) {
				return true
			}
		}
		return false
	}
	return true // pointers, maps, channels, functions, type parameters
}

// markWrappers records, on each plain return of exits, what it returns
// built on the resource, if that is a reader or writer the table says is
// built on it (bufio, gzip, base64, …: none of them can close it) or a
// struct allocated here that holds one: the caller gets no way to close
// the resource through it (Exit.Wrapper).
func (t *tracker) markWrappers(fn *ssa.Function, exits []Exit) {
	rets := returnsByPos(fn)
	for i := range exits {
		x := &exits[i]
		ret := rets[x.Pos]
		if x.Kind != ReturnExit || ret == nil {
			continue
		}
		for _, r := range ret.Results {
			if w := t.wrapperOf(r); w != nil {
				x.Wrapper = typeString(w, t.e.pass.Pkg)
				x.WrapperCloses = hasCloseMethod(w)
				break
			}
		}
	}
}

// wrapperOf returns the type of v, a returned value, if it is a reader
// or writer built on the resource (isReader) or a struct allocated here
// that holds one, seen through interface conversions; else nil.
func (t *tracker) wrapperOf(v ssa.Value) types.Type {
	v = storedValue(v)
	for {
		switch w := v.(type) {
		case *ssa.MakeInterface:
			v = w.X
			continue
		case *ssa.ChangeInterface:
			v = w.X
			continue
		case *ssa.ChangeType:
			v = w.X
			continue
		}
		break
	}
	if t.classes[v] == isReader {
		return v.Type()
	}
	if alloc, ok := v.(*ssa.Alloc); ok && t.holdsReader(alloc) {
		return alloc.Type()
	}
	return nil
}

// holdsReader reports whether a reader or writer built on the resource
// is stored in a field of alloc.
func (t *tracker) holdsReader(alloc *ssa.Alloc) bool {
	for _, r := range *alloc.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, s := range *fa.Referrers() {
			if st, ok := s.(*ssa.Store); ok && st.Addr == fa && t.classes[st.Val] == isReader {
				return true
			}
		}
	}
	return false
}

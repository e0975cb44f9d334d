package analyzer

// This file indexes, once per package, where each struct field is
// selected: the finders that follow a resource into a field (fields.go,
// pumps.go, holders.go, closeearly.go) ask about every read, store and
// close of a field, which a scan of the whole package per question would
// make quadratic in its size.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// fieldSelects returns the instructions of the package that select field:
// its address (*ssa.FieldAddr) or its value (*ssa.Field), in the order of
// the package's functions. The index is built on the first call.
func (e *engine) fieldSelects(field *types.Var) []ssa.Value {
	if e.selects == nil {
		e.selects = make(map[*types.Var][]ssa.Value)
		for _, fn := range e.srcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					var f *types.Var
					switch in := instr.(type) {
					case *ssa.FieldAddr:
						f = structField(in.X.Type(), in.Field)
					case *ssa.Field:
						f = structField(in.X.Type(), in.Field)
					}
					if f != nil {
						e.selects[f] = append(e.selects[f], instr.(ssa.Value))
					}
				}
			}
		}
	}
	return e.selects[field]
}

// fieldStores returns the package's stores to field.
func (e *engine) fieldStores(field *types.Var) []*ssa.Store {
	var stores []*ssa.Store
	for _, v := range e.fieldSelects(field) {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, r := range *fa.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == ssa.Value(fa) {
				stores = append(stores, st)
			}
		}
	}
	return stores
}

// fieldClosers returns the functions of the package that call a release
// method on a value they load from field.
func (e *engine) fieldClosers(field *types.Var) []*ssa.Function {
	var closers []*ssa.Function
	for _, v := range e.fieldSelects(field) {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, r := range *fa.Referrers() {
			load, ok := r.(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				continue
			}
			for _, u := range *load.Referrers() {
				call, ok := u.(ssa.CallInstruction)
				if !ok || receiverOf(call.Common()) != ssa.Value(load) {
					continue
				}
				if m := calleeFunc(call.Common()); m != nil && releaseMethods[m.Name()] {
					closers = append(closers, call.Parent())
				}
			}
		}
	}
	return closers
}

// closedThroughAssertion reports whether some function of the package
// asserts what field holds to a type that can be closed (`if cl, ok :=
// c.conn.(io.Closer); ok { cl.Close() }`): a field whose static type
// cannot close what it holds (a grpc.ClientConnInterface) still owns it.
func (e *engine) closedThroughAssertion(field *types.Var) bool {
	if closed, ok := e.asserted[field]; ok {
		return closed
	}
	closed := e.assertsCloser(field)
	e.asserted[field] = closed
	return closed
}

// assertsCloser computes closedThroughAssertion.
func (e *engine) assertsCloser(field *types.Var) bool {
	for _, v := range e.fieldSelects(field) {
		vals := []ssa.Value{v}
		if _, ok := v.(*ssa.FieldAddr); ok {
			vals = nil
			for _, r := range *v.Referrers() {
				if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
					vals = append(vals, load)
				}
			}
		}
		for _, x := range vals {
			for _, r := range *x.Referrers() {
				if ta, ok := r.(*ssa.TypeAssert); ok && hasCloseMethod(ta.AssertedType) {
					return true
				}
			}
		}
	}
	return false
}

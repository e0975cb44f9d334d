package analyzer

// This file recognises responses that hold no socket: those of a
// Transport built in the function whose dial functions make their
// connections in memory (httputil.DumpRequestOut records a request by
// sending it through such a Transport).

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// socketless reports whether call sends through an *http.Transport that
// the function builds itself (a composite literal) and whose dial
// functions, set there, are all function literals that acquire nothing:
// every connection it makes is made in memory, so its responses leave no
// socket open. A Transport with no dial function set dials sockets.
func (e *engine) socketless(call *ssa.CallCommon) bool {
	alloc, ok := receiverOf(call).(*ssa.Alloc)
	if !ok {
		return false
	}
	ptr, ok := alloc.Type().Underlying().(*types.Pointer)
	if !ok || !isNamed(ptr.Elem(), transportType) {
		return false
	}
	dials := 0
	for _, ref := range *alloc.Referrers() {
		fa, ok := ref.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		f := structField(alloc.Type(), fa.Field)
		if f == nil || !transportDialFields[f.Name()] {
			continue
		}
		for _, use := range *fa.Referrers() {
			st, ok := use.(*ssa.Store)
			if !ok || st.Addr != fa {
				continue
			}
			dials++
			if !e.dialsInMemory(st.Val) {
				return false
			}
		}
	}
	return dials > 0
}

// dialsInMemory reports whether v, a dial function, is a function literal
// of this package that calls no acquiring function.
func (e *engine) dialsInMemory(v ssa.Value) bool {
	var fn *ssa.Function
	switch v := v.(type) {
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	case *ssa.Function:
		fn = v
	}
	if fn == nil || fn.Parent() == nil || len(fn.Blocks) == 0 {
		return false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if c.Common().StaticCallee() == nil {
				return false // a func value or interface method: it may dial
			}
			if _, acquires := e.acquirerOf(c.Common()); acquires {
				return false
			}
		}
	}
	return true
}

package analyzer

// This file knows the Close methods that return early: an owner's Close
// that returns the error of closing one part (if err := c.ch.Close(); err
// != nil { return err }) before it closes a conn or listener it keeps in
// another field. Nothing closes that field afterwards: the owner is
// being thrown away.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// earlyCloseLeaks returns the leaks of the conn and listener fields of
// fn's receiver, if fn is a release method (Close) of one of this
// package's struct types that closes the field on some path and returns
// the failure of another part's release before it on others. The field
// must be unexported, every read of it in the package must only call its
// methods or compare it (a field handed on may be closed by whoever took
// it), and what the package stores in it must be fresh acquisitions kept
// nowhere else (see onlyHolder): a conn the other part was built on
// (a session over it) may be closed by that part's Close.
func (e *engine) earlyCloseLeaks(fn *ssa.Function) []*Leak {
	recv := receiverParam(fn)
	if recv == nil || fn.Parent() != nil || len(fn.Blocks) == 0 || !releaseMethods[fn.Name()] || !returnsErrorSig(fn.Signature) {
		return nil
	}
	ptr, st := structReceiver(recv)
	if st == nil {
		return nil
	}
	var leaks []*Leak
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		kind := paramKind(f.Type())
		if kind != Conn && kind != Listener {
			continue
		}
		if _, private := e.privateField(ptr, i); private == nil || !e.ownFieldOnly(f) || !e.onlyHolder(f) {
			continue
		}
		loads := fieldLoads(fn, recv, i)
		if len(loads) == 0 {
			continue
		}
		res := e.fieldFlow(fn, loads, nil)
		if !res.released || res.escaped {
			continue
		}
		var exits []Exit
		for _, x := range res.exits {
			if x.Kind == ErrorReturnExit && returnsReleaseError(fn, x.Pos, loads) {
				exits = append(exits, x)
			}
		}
		if len(exits) > 0 {
			leaks = append(leaks, e.fieldLeak(kind, recv, f, exits, &fieldOwner{method: fn.Name(), field: f.Name()}))
		}
	}
	return leaks
}

// returnsReleaseError reports whether the return of fn at pos returns, as
// its error, the error of a release method called on something other
// than the field's loads: the failure of closing another part.
func returnsReleaseError(fn *ssa.Function, pos token.Pos, loads []ssa.Value) bool {
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) == 0 || (ret.Pos() != pos && !(!ret.Pos().IsValid() && closingBrace(fn) == pos)) {
			continue
		}
		call, ok := ret.Results[len(ret.Results)-1].(*ssa.Call)
		if !ok {
			return false
		}
		m := calleeFunc(&call.Call)
		if m == nil || !releaseMethods[m.Name()] {
			return false
		}
		recv := receiverOf(&call.Call)
		for _, v := range loads {
			if recv == v {
				return false
			}
		}
		return recv != nil
	}
	return false
}

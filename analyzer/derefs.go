package analyzer

// This file classifies loads through a pointer to the resource: a copy of
// a struct holding it kept in a local, and the copy go/ssa makes to call
// a method with a value receiver.

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// derefUse classifies a load through the resource: a copy of the struct
// it points to (c := *resp) shares the field that holds the socket, so
// returned (return &c) it hands the resource on; the copy made to call a
// value-receiver method is the resource; other loads only read.
func (t *tracker) derefUse(in *ssa.UnOp, c class) {
	if f := copiedHolder(in); c == isResource && f >= 0 && storedLocally(in) {
		t.field[in] = f
		t.add(in, isStructVal)
		return
	}
	if c == isResource && in.Op == token.MUL && onlyValueReceiver(in) {
		// toconn.Close() where Close has a value receiver: go/ssa
		// copies *toconn to call it; the copy's fields are the
		// resource's, so its methods act on the resource.
		t.add(in, isResource)
	}
}

// onlyValueReceiver reports whether every use of v, a struct loaded
// through a pointer, is as the receiver of a method call.
func onlyValueReceiver(v *ssa.UnOp) bool {
	if !isStructType(v.Type()) {
		return false
	}
	refs := *v.Referrers()
	for _, r := range refs {
		call, ok := r.(ssa.CallInstruction)
		if !ok || call.Common().IsInvoke() || !onlyReceiver(call.Common(), v) {
			return false
		}
		if fn := call.Common().StaticCallee(); fn == nil || fn.Signature.Recv() == nil {
			return false
		}
	}
	return len(refs) > 0
}

// storedLocally reports whether v is stored in a local variable (c :=
// *resp), as opposed to used in place (the receiver of a value method
// called through the pointer, listener.Accept() on a *Listener).
func storedLocally(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Val == v {
			if _, local := st.Addr.(*ssa.Alloc); local {
				return true
			}
		}
	}
	return false
}

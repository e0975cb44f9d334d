package analyzer

// This file follows a resource that a method parks in a field of its
// receiver (c.conn, err = net.Dial(…)): the receiver owns it from there,
// so the method's returns do not drop it; but when a later step fails
// and the method returns an error with the conn still in the field, a
// caller that allocated the receiver and drops it on that error (a
// constructor's `if err := c.connect(); err != nil { return nil, err }`)
// makes the conn unreachable, open until the garbage collector's
// finalizer runs.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// parkInReceiver reports whether st, a store of the resource into addr,
// parks it in a field of the method's pointer receiver; if so it tracks
// the receiver as a struct holding it there (its methods are summarised
// for that field: a handshake that only borrows it leaves it parked).
// Only trackers of acquisitions park (see tracker.parks); elsewhere a
// store into a receiver's field is a transfer.
func (t *tracker) parkInReceiver(st *ssa.Store, addr *ssa.FieldAddr) bool {
	p := receiverValue(addr.X)
	if p == nil || t.parks == nil || p != t.parks {
		return false
	}
	if f, seen := t.field[p]; seen && f != addr.Field {
		return false // it was parked in another field before
	}
	t.field[p] = addr.Field
	t.parkedBy = append(t.parkedBy, st)
	t.add(p, isStruct)
	if load, ok := addr.X.(*ssa.UnOp); ok {
		// The receiver spilled to a cell: each load of it is the
		// receiver.
		for _, r := range *load.X.Referrers() {
			if u, ok := r.(*ssa.UnOp); ok && u.Op == token.MUL {
				t.field[u] = addr.Field
				t.add(u, isStruct)
			}
		}
	}
	t.add(addr, isCell)
	t.event(st, evPark)
	return true
}

// parkedBefore reports whether some store that parked the resource in
// the receiver can run before instr: `s.uc.Close()` on a path that has
// not yet stored uc in s.uc closes the receiver's old conn, not uc.
func (t *tracker) parkedBefore(instr ssa.Instruction) bool {
	for _, st := range t.parkedBy {
		if st.Block() == instr.Block() && before(st, instr) || reaches(st.Block(), instr.Block()) {
			return true
		}
	}
	return false
}

// receiverParam returns fn's receiver when it is a pointer to a named
// struct type, a receiver whose fields can park a resource, or nil.
func receiverParam(fn *ssa.Function) *ssa.Parameter {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 || fn.Parent() != nil {
		return nil
	}
	ptr, ok := types.Unalias(fn.Params[0].Type()).(*types.Pointer)
	if !ok || !isStructType(ptr.Elem()) {
		return nil
	}
	return fn.Params[0]
}

// receiverDropper returns the name of a function of this package that
// calls fn on a receiver it allocated itself and, when fn returns a
// non-nil error, returns without touching that receiver again: the
// receiver becomes unreachable with whatever fn parked in it. It returns
// "" when no caller is seen to do so (callers in other packages, or ones
// that close or keep the receiver, leave the conn to its owner).
func (e *engine) receiverDropper(fn *ssa.Function) string {
	for _, call := range e.callSitesOf(fn) {
		c, ok := call.(*ssa.Call)
		if !ok || len(c.Call.Args) == 0 {
			continue
		}
		recv, ok := rootOf(c.Call.Args[0]).(*ssa.Alloc)
		if !ok || recv.Parent() != c.Parent() {
			continue
		}
		if onErr := errorSuccessor(c); onErr != nil && dropsOnError(recv, c, onErr) {
			return c.Parent().Name()
		}
	}
	return ""
}

// errorSuccessor returns the block a call's `if err != nil` branch goes
// to, when the block that ends in that test is the call's own block or
// the one right after it; nil otherwise.
func errorSuccessor(call *ssa.Call) *ssa.BasicBlock {
	errs := make(map[ssa.Value]bool)
	for _, v := range errAliases(errorResult(call)) {
		errs[v] = true
	}
	if len(errs) == 0 {
		return nil
	}
	b := call.Block()
	for steps := 0; b != nil && steps < 2; steps++ {
		if in, ok := lastInstr(b).(*ssa.If); ok {
			if cmp, ok := in.Cond.(*ssa.BinOp); ok && (errs[cmp.X] && isNil(cmp.Y) || errs[cmp.Y] && isNil(cmp.X)) {
				switch cmp.Op {
				case token.NEQ:
					return b.Succs[0]
				case token.EQL:
					return b.Succs[1]
				}
			}
			return nil
		}
		if len(b.Succs) != 1 {
			return nil
		}
		b = b.Succs[0]
	}
	return nil
}

// dropsOnError reports whether recv, a struct allocated in the caller of
// call, is left behind when call fails: nothing before the call can have
// kept it (only its fields are set), nothing on the paths from onErr
// touches it, and those paths end in a return.
func dropsOnError(recv *ssa.Alloc, call *ssa.Call, onErr *ssa.BasicBlock) bool {
	for _, r := range *recv.Referrers() {
		switch r.(type) {
		case *ssa.FieldAddr, *ssa.DebugRef:
			if !onErr.Dominates(r.Block()) {
				continue
			}
		}
		if r == ssa.Instruction(call) {
			continue
		}
		if onErr.Dominates(r.Block()) || before(r, call) {
			return false
		}
	}
	return returnsFrom(onErr)
}

// returnsFrom reports whether every path from b reaches a return within
// the blocks b dominates.
func returnsFrom(b *ssa.BasicBlock) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	work := []*ssa.BasicBlock{b}
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		switch lastInstr(x).(type) {
		case *ssa.Return:
			continue
		case *ssa.Panic:
			return false // no return: nothing dropped
		}
		for _, s := range x.Succs {
			if !b.Dominates(s) {
				return false
			}
			work = append(work, s)
		}
	}
	return true
}

// receiverOnly reports whether instr is a call handed the receiver the
// resource is parked in (bind(n), go n.serve()) and not the resource
// itself: the receiver still holds the resource when the call returns.
func (t *tracker) receiverOnly(instr ssa.Instruction) bool {
	call, ok := instr.(ssa.CallInstruction)
	if !ok || t.parks == nil {
		return false
	}
	handed := false
	for _, a := range call.Common().Args {
		if receiverValue(unconverted(a)) == t.parks {
			handed = true
		} else if c, tracked := t.classes[a]; tracked && c != isStruct {
			return false
		}
	}
	return handed
}

// receiverValue returns the parameter v is: the parameter itself, or a
// load of the variable it was spilled to because a closure captures it
// (go func() { … n.listener.Accept() … }() makes every n.f a load of n's
// cell first), or nil.
func receiverValue(v ssa.Value) *ssa.Parameter {
	switch v := v.(type) {
	case *ssa.Parameter:
		return v
	case *ssa.UnOp:
		alloc, ok := v.X.(*ssa.Alloc)
		if !ok || v.Op != token.MUL {
			return nil
		}
		var p *ssa.Parameter
		for _, r := range *alloc.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
				q, ok := st.Val.(*ssa.Parameter)
				if !ok || p != nil && q != p {
					return nil
				}
				p = q
			}
		}
		return p
	}
	return nil
}

// returnsReceiverField reports whether every return of fn, a method,
// gives as result i a value it loaded from a field of its receiver, or
// nil: a method that hands out (or moves out, clearing the field) the
// resource its receiver holds (conn := m.conn; m.conn = nil; return conn),
// not one that builds something new on it (a batch reader on the conn).
func returnsReceiverField(fn *ssa.Function, i int) bool {
	if len(fn.Params) == 0 || fn.Signature.Recv() == nil {
		return false
	}
	recv := fn.Params[0]
	found := false
	for _, b := range fn.Blocks {
		ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !ok || i >= len(ret.Results) {
			continue
		}
		v := unconverted(ret.Results[i])
		if isNil(v) {
			continue
		}
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return false
		}
		fa, ok := load.X.(*ssa.FieldAddr)
		if !ok || fa.X != ssa.Value(recv) {
			return false
		}
		found = true
	}
	return found
}

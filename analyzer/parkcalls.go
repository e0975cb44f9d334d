package analyzer

// This file follows a conn that a helper method parks in a field of its
// receiver (c.dial() does c.conn = conn and returns nil): in the method
// that calls it on its own receiver, the field holds a fresh conn from
// the call's success on, just as if that method had dialed into the
// field itself (see parkInReceiver). When a later step fails and a caller
// that allocated the receiver drops it on that error (see
// receiverDropper), the conn is left open.

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// parkingCallLeaks returns the leaks of the conns and listeners that
// calls in fn of helper methods park in fields of fn's receiver.
func (e *engine) parkingCallLeaks(fn *ssa.Function) []*Leak {
	recv := receiverParam(fn)
	if recv == nil || len(fn.Blocks) == 0 || !returnsErrorSig(fn.Signature) {
		return nil
	}
	var dropper string
	var leaks []*Leak
	for _, b := range fn.Blocks {
		for k, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() || len(call.Call.Args) == 0 || call.Call.Args[0] != ssa.Value(recv) {
				continue
			}
			m := call.Call.StaticCallee()
			if m == nil || m == fn || m.Pkg != e.ssaPkg {
				continue
			}
			f, kind := e.parksFresh(m)
			if kind == 0 {
				continue
			}
			if dropper == "" {
				if dropper = e.receiverDropper(fn); dropper == "" {
					return nil
				}
			}
			if l := e.parkingCallLeak(fn, recv, call, k, f, kind, dropper); l != nil {
				leaks = append(leaks, l)
			}
		}
	}
	return leaks
}

// parkingCallLeak follows the field f of recv that call (the k-th
// instruction of its block) fills with a resource of kind, from the
// call's success to fn's returns, and returns its leak if an error return
// leaves it there for dropper to drop.
func (e *engine) parkingCallLeak(fn *ssa.Function, recv *ssa.Parameter, call *ssa.Call, k, f int, kind Kind, dropper string) *Leak {
	t := newTracker(e)
	t.parks = recv
	t.field[recv] = f
	t.parkedBy = append(t.parkedBy, call)
	t.add(recv, isStruct)
	t.run()
	t.parkedAtStart = true
	res := t.flow(fn, call.Block(), k+1, call, acquisitionErrors(call))
	if len(res.parkedExits) == 0 {
		return nil // (a plain return leaves it to the receiver's owner)
	}
	exits := make([]Exit, len(res.parkedExits))
	for i, x := range res.parkedExits {
		x.Dropper, x.Parked = dropper, true
		exits[i] = x
	}
	return e.parkedLeak(kind, call, structField(recv.Type(), f), recv.Name(), exits)
}

// parkedLeak builds the leak of the resource of kind that call parks in
// field of the struct named holder ("" for the receiver expression of
// the call's syntax: c in c.dial()), left open at exits.
func (e *engine) parkedLeak(kind Kind, call *ssa.Call, field *types.Var, holder string, exits []Exit) *Leak {
	l := &Leak{
		Kind:  kind,
		Call:  call.Pos(),
		Type:  typeString(field.Type(), e.pass.Pkg),
		Exits: sortExits(exits),
	}
	if holder != "" {
		l.Var = holder + "." + field.Name()
	}
	if site := e.callSite(call.Pos()); site.call != nil {
		l.Call = site.call.Pos()
		fun := ast.Unparen(site.call.Fun)
		l.Callee = types.ExprString(fun)
		if sel, ok := fun.(*ast.SelectorExpr); ok && holder == "" {
			l.Var = types.ExprString(sel.X) + "." + field.Name()
		}
	}
	return l
}

// parksFresh returns the field of its receiver in which m, a method of
// this package with an error result, stores a conn or listener it
// acquires, and that resource's kind; 0 if it stores none, or in more
// than one field.
func (e *engine) parksFresh(m *ssa.Function) (int, Kind) {
	fi := e.info(m)
	if !fi.parksDone {
		fi.parksField, fi.parksKind = e.parksFreshScan(m)
		fi.parksDone = true
	}
	return fi.parksField, fi.parksKind
}

// parksFreshScan computes parksFresh.
func (e *engine) parksFreshScan(m *ssa.Function) (int, Kind) {
	recv := receiverParam(m)
	if recv == nil || !returnsErrorSig(m.Signature) {
		return 0, 0
	}
	field, kind := -1, Kind(0)
	for _, b := range m.Blocks {
		for _, instr := range b.Instrs {
			st, ok := instr.(*ssa.Store)
			if !ok {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok || fa.X != ssa.Value(recv) {
				continue
			}
			k := e.acquiredKind(unconverted(st.Val))
			if k != Conn && k != Listener {
				continue
			}
			if field >= 0 && field != fa.Field {
				return 0, 0
			}
			field, kind = fa.Field, k
		}
	}
	return field, kind
}

// allocParkingLeaks returns the leaks of the conns and listeners that
// calls in fn of helper methods park in a field of a struct fn allocated
// itself (c := &Client{addr: addr}; if err := c.dial(); err != nil {…}):
// from the call's success on, the struct holds a fresh conn, as if fn had
// stored it there (c.conn, err = net.Dial(…)), so a later error return
// that drops the struct (`return nil, err` after a failed handshake)
// leaves the conn open. Only a struct nothing can have kept before the
// call (only its fields were set) is followed. A struct returned with the
// conn certainly open in it makes that result fresh (results[j] is set to
// the conn's kind), as a constructor that dialed into the field itself:
// `c := &Client{}; if err := c.dial(); err != nil {…}; return c, nil`.
func (e *engine) allocParkingLeaks(fn *ssa.Function, results []Kind) []*Leak {
	var leaks []*Leak
	for _, b := range fn.Blocks {
		for k, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok || call.Call.IsInvoke() || len(call.Call.Args) == 0 {
				continue
			}
			alloc, ok := call.Call.Args[0].(*ssa.Alloc)
			if !ok || !alloc.Heap {
				continue
			}
			m := call.Call.StaticCallee()
			if m == nil || m == fn || m.Pkg != e.ssaPkg || receiverParam(m) == nil {
				continue
			}
			// (Cached per method; the path check last, for the rare
			// call that parks.)
			f, kind := e.parksFresh(m)
			if kind == 0 || !onlyFieldsSetBefore(alloc, call) {
				continue
			}
			l, returnedAt := e.allocParkingLeak(fn, alloc, call, k, f, kind)
			if l != nil {
				leaks = append(leaks, l)
			}
			for _, j := range returnedAt {
				if results[j] == 0 {
					results[j] = kind
				}
			}
		}
	}
	return leaks
}

// allocParkingLeak follows the field f of alloc that call (the k-th
// instruction of its block) fills with a resource of kind, from the
// call's success to fn's returns, and returns its leak if a return
// leaves it open, and the results fn certainly returns it open as.
func (e *engine) allocParkingLeak(fn *ssa.Function, alloc *ssa.Alloc, call *ssa.Call, k, f int, kind Kind) (*Leak, []int) {
	t := newTracker(e)
	t.field[alloc] = f
	t.add(alloc, isStruct)
	t.run()
	res := t.flow(fn, call.Block(), k+1, call, acquisitionErrors(call))
	var returnedAt []int
	if res.returned && !res.returnedClosed && !t.returnsClosed() {
		for j := range t.returnedAt {
			returnedAt = append(returnedAt, j)
		}
	}
	exits, _ := undrained(res.exits)
	if len(exits) == 0 {
		return nil, returnedAt
	}
	return e.parkedLeak(kind, call, structField(alloc.Type(), f), "", exits), returnedAt
}

// onlyFieldsSetBefore reports whether every use of alloc that can run
// before call only addresses one of its fields (or is call itself): no
// earlier call or store can have kept the struct.
func onlyFieldsSetBefore(alloc *ssa.Alloc, call *ssa.Call) bool {
	for _, r := range *alloc.Referrers() {
		switch r.(type) {
		case *ssa.FieldAddr, *ssa.DebugRef:
			continue
		}
		if r == ssa.Instruction(call) {
			continue
		}
		if before(r, call) || r.Block() != call.Block() && reaches(r.Block(), call.Block()) {
			return false
		}
	}
	return true
}

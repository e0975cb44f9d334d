package analyzer

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A flowResult is what the forward walk from an acquisition (or a
// parameter) found: the exits it reaches still open, and whether some path
// released the resource or let it escape.
type flowResult struct {
	exits    []Exit
	released bool
	escaped  bool
	returned bool // some path returns it to the caller
	// returnedClosed: some path returns it after a deferred call closed
	// it (defer resp.Body.Close(); …; return resp, err): the caller
	// cannot tell a closed result from an open one.
	returnedClosed bool
	// releasedOnErr: some path on which an error was found non-nil
	// releases it.
	releasedOnErr bool
	// parkedExits are the error returns reached with the resource parked
	// in the receiver (see parkInReceiver): leaks if a caller then drops
	// the receiver (see engine.receiverDropper).
	parkedExits []Exit
}

// flowState is what a path carries besides its position: whether it went
// through the failure edge of a read (and which read), and the last
// continue statement it took.
type flowState struct {
	readPos token.Pos // the failed read on this path, or NoPos
	contPos token.Pos // the continue statement this path took, or NoPos
	errPath bool      // some error was found non-nil on this path
	// errFrom is the block the last such test entered on its non-nil
	// edge: the failure's own code is what it dominates.
	errFrom *ssa.BasicBlock
	handoff *Exit // a goroutine took it and may leave it open here
	// closeOnErr: a deferred call closes it if the function returns a
	// non-nil error.
	closeOnErr bool
	// failOpen: a call that keeps it on success only was made, and its
	// error not yet tested: it is open only if that call failed.
	failOpen bool
	// deferClosed: a deferred call that reads the variable holding it
	// when it runs closes it at every return (see tracker.deferredBefore
	// and readsAtExit); deferEscaped: such a call may keep it.
	// Either way, overwriting the variable first still drops it.
	deferClosed, deferEscaped bool
	// parked: it is in a field of the method's receiver (see
	// parkInReceiver).
	parked bool
	// drained: it is a response body that a call read to io.EOF (or
	// failed to): net/http holds no socket for it any more, so an exit
	// that leaves it open leaks no socket (see Exit.Drained).
	drained bool
}

// inFailure reports whether instr, on this path, is in the code of a
// failure: dominated by the block that the non-nil edge of the last error
// test the path took enters, when that block is the edge's alone (`if err
// != nil { c.Close(); … }`), not where an ignored error's edge joins the
// rest of the function (`if d, err := ref.Digest(); err == nil { … }`).
func (st *flowState) inFailure(instr ssa.Instruction) bool {
	return st.errPath && st.errFrom != nil && len(st.errFrom.Preds) == 1 && st.errFrom.Dominates(instr.Block())
}

type flowItem struct {
	block *ssa.BasicBlock
	index int
	state flowState
}

// flow walks the CFG of fn forward from instruction index of block, along
// every path on which the resource is still open, and reports where those
// paths end. acq is the acquiring call (nil for a parameter): reaching it
// again means the next iteration overwrites the resource. acqErr is the
// acquisition's error result (with the phis it flows into), whose failure
// edge owns nothing.
//
// The walk visits each block at most thirty-two times (see walker.push), so
// it is linear in the size of fn.
func (t *tracker) flow(fn *ssa.Function, block *ssa.BasicBlock, index int, acq ssa.Instruction, acqErr map[ssa.Value]bool) flowResult {
	var home *ssa.BasicBlock // outside its region nothing touches the resource
	if call, ok := acq.(*ssa.Call); ok {
		t.known, t.knownKey = t.e.knownConds(fn, call.Block())
		t.typeFixed = t.e.fixesType(&call.Call)
		home = t.scopedTo(call, acqErr)
		if home == nil && t.knownKey == "" {
			if t.shared = t.cellGroup(call.Block(), acqErr); t.shared != nil {
				home = call.Block()
			}
		}
	}
	start := t.deferredBefore(acq)
	start.parked = t.parkedAtStart
	return t.walk(walkSpec{fn: fn, from: flowItem{block, index, start}, acq: acq, acqErr: acqErr, home: home})
}

// deferredBefore returns the state in which the walk from acq starts: the
// deferred calls that every path to acq registers before it and that read
// the variable the resource is stored in when they run, at the return
// (see readsAtExit), close it, close it on error, or may keep it there:
// `var c net.Conn; defer func() { if c != nil { c.Close() } }();
// c, err = net.Dial(…)`. A response whose request's context a deferred
// call cancels (see cancelledAtReturn) starts drained: at the return it
// holds no socket.
func (t *tracker) deferredBefore(acq ssa.Instruction) flowState {
	var st flowState
	if acq == nil {
		return st
	}
	for instr, ev := range t.events {
		if !t.readsAtExit(instr) || !before(instr, acq) {
			continue
		}
		switch ev {
		case evRelease:
			st.deferClosed = true
		case evCloseOnErr:
			st.closeOnErr = true
		case evEscape:
			st.deferEscaped = true
		}
	}
	if call, ok := acq.(*ssa.Call); ok && t.drains && t.e.cancelledAtReturn(call) {
		// At the return the deferred cancel makes net/http close its
		// connection: no socket held there, as for a drained body.
		t.cancelled, st.drained = true, true
	}
	if call, ok := acq.(*ssa.Call); ok && t.drains && t.e.headRequest(call) {
		// A HEAD response has no body: net/http reused its
		// connection when the headers were read.
		t.head, st.drained = true, true
	}
	if st.deferClosed {
		st.closeOnErr, st.deferEscaped = false, false
	}
	return st
}

// readsAtExit reports whether instr defers a call that gets the variable
// holding the resource, not its value, and so reads it when it runs, at
// the return (defer func() { c.Close() }() where c is captured, defer
// closeAll(&c)): the Defer itself, or a MakeClosure whose only use is a
// Defer. What the call does to the resource it does to whatever the
// variable holds then.
func (t *tracker) readsAtExit(instr ssa.Instruction) bool {
	for _, v := range deferredValues(instr) {
		switch v.(type) {
		case *ssa.Alloc, *ssa.FreeVar:
			if t.classes[v] == isCell {
				return true
			}
		}
	}
	return false
}

// before reports whether a is executed before b on every path to b: a's
// block dominates b's, and within one block a comes first.
func before(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, instr := range a.Block().Instrs {
		switch instr {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// replacedField returns the name of the resource's own field that store
// replaces with something else while the resource is open (resp.Body =
// io.NopCloser(…), client.conn = nil): the old value can no longer be
// closed. It returns "" for any other store.
func (t *tracker) replacedField(store *ssa.Store) string {
	fa, ok := store.Addr.(*ssa.FieldAddr)
	if !ok || t.classes[fa] != isCell {
		return ""
	}
	if c := t.classes[fa.X]; c != isResource && (c != isStruct || t.field[fa.X] != fa.Field) {
		return "" // neither the resource's field nor, in a copy of it, the field holding it
	}
	if _, tracked := t.classes[store.Val]; tracked || t.fieldSaved(fa, store) || t.classes[fa.X] == isStruct && originalUsedAfter(fa.X, store) {
		return ""
	}
	if f := structField(fa.X.Type(), fa.Field); f != nil && socketField(fa.X.Type(), f) {
		return f.Name()
	}
	return ""
}

// originalUsedAfter reports whether cp, a local shallow copy of the
// resource (c := *resp), was copied from a value that is used after store:
// replacing the copy's field then leaves the original holding the socket
// (hookResp := *resp; hookResp.Body = hookBody{}; run the hooks on
// &hookResp; return resp).
func originalUsedAfter(cp ssa.Value, store *ssa.Store) bool {
	refs := cp.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		st, ok := r.(*ssa.Store)
		if !ok || st.Addr != cp {
			continue
		}
		if load, ok := st.Val.(*ssa.UnOp); ok && load.Op == token.MUL && usedAfter(load.X, store) {
			return true
		}
	}
	return false
}

// usedAfter reports whether some instruction that uses v may run after
// instr: later in its block, or in a block reachable from it.
func usedAfter(v ssa.Value, instr ssa.Instruction) bool {
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	b := instr.Block()
	after := blocksFrom(b.Succs)
	for _, r := range *refs {
		if r.Block() == b && before(instr, r) || after[r.Block()] {
			return true
		}
	}
	return false
}

// socketField reports whether f, a field of the resource's type t, is
// where the socket lives, so that replacing it drops the socket: a
// response's Body, or a field of an interface type made of resource
// methods (net.Conn, net.Listener, io.ReadCloser). Other fields that can
// hold a resource (a *Node back-pointer, a pool) may be nil, or owned by
// someone else, when replaced.
func socketField(t types.Type, f *types.Var) bool {
	if isResponsePtr(t) {
		return f.Name() == responseBodyField
	}
	_, iface := f.Type().Underlying().(*types.Interface)
	return iface && canHoldResource(f.Type())
}

// fieldSaved reports whether the old value of the field fa addresses was
// read into something that outlives the replacing store: a variable, a
// closure, or a use after the store (body := resp.Body; resp.Body = nil;
// … body.Close()). Then the replaced value can still be closed.
func (t *tracker) fieldSaved(fa *ssa.FieldAddr, store *ssa.Store) bool {
	for v, c := range t.classes {
		load, ok := v.(*ssa.UnOp)
		if !ok || c != isResource || load.Op != token.MUL {
			continue
		}
		other, ok := load.X.(*ssa.FieldAddr)
		if !ok || !sameValue(other.X, fa.X) || other.Field != fa.Field {
			continue
		}
		for _, r := range *load.Referrers() {
			switch r.(type) {
			case *ssa.Store, *ssa.MakeClosure, *ssa.Phi:
				return true
			}
			if r.Pos() > store.Pos() {
				return true
			}
		}
	}
	return false
}

// returnExit describes the exit through ret.
func (t *tracker) returnExit(fn *ssa.Function, ret *ssa.Return, st flowState) Exit {
	pos := ret.Pos()
	if !pos.IsValid() {
		pos = closingBrace(fn)
	}
	switch {
	case st.readPos.IsValid():
		return Exit{Kind: ReadErrorExit, Pos: pos, Read: st.readPos}
	case returnsError(fn, ret) && (st.errPath || isNonNilError(ret.Results[len(ret.Results)-1])):
		return Exit{Kind: ErrorReturnExit, Pos: pos}
	}
	if w, ok := t.wrappedBy[ret]; ok {
		x := Exit{Kind: ReturnExit, Pos: pos, Wrapper: typeString(w, t.e.pass.Pkg)}
		if f := t.forgets[ret]; f != nil {
			x.WrapperField = f.Name()
		}
		return x
	}
	return Exit{Kind: ReturnExit, Pos: pos}
}

// returnsClosed reports whether some return of the resource may come
// after a deferred release of it (defer resp.Body.Close(); …; return
// resp, err), on every path to the return or on some (`if !p.Stream {
// defer resp.Body.Close() }; …; return b, resp, err`): that return may
// hand the caller a closed resource.
func (t *tracker) returnsClosed() bool {
	for instr, ev := range t.events {
		ret, ok := instr.(*ssa.Return)
		if !ok || ev != evReturn {
			continue
		}
		for d, dev := range t.events {
			if _, isDefer := d.(*ssa.Defer); isDefer && dev == evRelease && mayPrecede(d, ret) {
				return true
			}
		}
	}
	return false
}

// mayPrecede reports whether a runs before b on some path to b.
func mayPrecede(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() && indexIn(a) < indexIn(b) {
		return true
	}
	return reaches(a.Block(), b.Block())
}

// returnsError reports whether ret returns a non-nil error as fn's last
// result.
func returnsError(fn *ssa.Function, ret *ssa.Return) bool {
	i := errIndex(fn.Signature)
	if i < 0 || len(ret.Results) != i+1 {
		return false
	}
	return !isNil(storedValue(ret.Results[len(ret.Results)-1]))
}

// storedValue looks through a load of a result variable, as functions with
// defers return: "*r = v; rundefers; return *r" gives v.
func storedValue(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	if _, ok := load.X.(*ssa.Alloc); !ok {
		return v
	}
	instrs := load.Block().Instrs
	for i := len(instrs) - 1; i >= 0; i-- {
		if st, ok := instrs[i].(*ssa.Store); ok && st.Addr == load.X {
			return st.Val
		}
	}
	return v
}

// errorReturnFollows reports whether the path from instr, which releases
// the resource, goes straight (through jumps only) to a return of a
// non-nil error: `c.Close(); return nil, fmt.Errorf("blocked")` closes on
// failure as surely as a Close under `if err != nil`.
func errorReturnFollows(fn *ssa.Function, instr ssa.Instruction) bool {
	b := instr.Block()
	for range 8 {
		switch last := b.Instrs[len(b.Instrs)-1].(type) {
		case *ssa.Return:
			if !returnsError(fn, last) {
				return false
			}
			err := storedValue(last.Results[len(last.Results)-1])
			if phi, ok := err.(*ssa.Phi); ok && phi.Block() == b {
				return false // the edge decides; a straight path has none
			}
			return isNonNilError(err)
		case *ssa.Jump:
			next := b.Succs[0]
			if len(next.Preds) != 1 {
				return errorPhiFrom(fn, next, b)
			}
			b = next
		default:
			return false
		}
	}
	return false
}

// errorPhiFrom reports whether block b, entered from pred, returns at once
// an error that is non-nil when it comes from pred (the shared `return nil,
// err` of several failure branches).
func errorPhiFrom(fn *ssa.Function, b, pred *ssa.BasicBlock) bool {
	ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
	if !ok || !returnsError(fn, ret) {
		return false
	}
	phi, ok := storedValue(ret.Results[len(ret.Results)-1]).(*ssa.Phi)
	if !ok || phi.Block() != b {
		return false
	}
	i := slices.Index(b.Preds, pred)
	return i >= 0 && isNonNilError(phi.Edges[i])
}

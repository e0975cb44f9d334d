package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// A walkSpec says where a walk of a function's CFG starts and what it
// follows.
type walkSpec struct {
	fn   *ssa.Function
	from flowItem // the first block, the instruction to start at, the state
	// acq is the acquiring instruction (nil for a parameter or a tail):
	// reaching it again means the next iteration overwrites the resource.
	acq ssa.Instruction
	// acqErr holds the acquisition's error result and its aliases, whose
	// failure edge owns nothing.
	acqErr map[ssa.Value]bool
	// home is the block outside whose dominance region the resource
	// cannot be touched (see scopedTo), or nil.
	home *ssa.BasicBlock
	// agnostic: the walk tracks no resource; it finds the exits of a tail
	// (see engine.tailOf).
	agnostic bool
}

// A walker is one forward walk of a function's CFG for a tracker: a
// worklist of (block, state) items, each block entered at most once per
// state bit set (see push), and what the walk found so far.
type walker struct {
	t *tracker
	walkSpec

	carried bool // acq is a loop's acquisition that the next iteration closes first
	// heldByDefer: each iteration's deferred call holds its own variable
	// (see deferHoldsIteration).
	heldByDefer bool
	infeasible  map[*ssa.BasicBlock]bool
	shape       *cfgShape // set when the walk leaves a region or reads tails

	res     flowResult
	exitAt  map[token.Pos]int // position -> index in res.exits
	visited []uint32          // per block, one bit per state class (see push)
	work    []flowItem
}

// walk runs the walk that s describes and returns what it found.
func (t *tracker) walk(s walkSpec) flowResult {
	w := &walker{
		t:           t,
		walkSpec:    s,
		carried:     s.acq != nil && t.loopCarried(s.acq),
		heldByDefer: s.acq != nil && t.deferHoldsIteration(s.acq),
		infeasible:  t.e.infeasibleDefaults(s.fn),
		exitAt:      make(map[token.Pos]int),
		visited:     make([]uint32, len(s.fn.Blocks)),
		work:        []flowItem{s.from},
	}
	if s.home != nil || s.agnostic || t.shared != nil {
		w.shape = t.e.shapeOf(s.fn)
	}
	for len(w.work) > 0 {
		it := w.work[0]
		w.work = w.work[1:]
		w.visit(it)
	}
	return w.res
}

// visit walks one item: from where enter says the block matters, through
// its instructions until one ends the path or the block's terminator
// pushes its successors.
func (w *walker) visit(it flowItem) {
	st := it.state
	start, ok := w.enter(it)
	if !ok {
		return
	}
	for _, instr := range it.block.Instrs[start:] {
		if w.step(&st, instr) {
			return
		}
	}
}

// enter returns the index of the first instruction of it.block that the
// walk reads, or false when the rest of the path is settled without
// reading it: a tail already walked, a path that a continue dropped the
// resource on, or a part of the function the resource cannot reach.
func (w *walker) enter(it flowItem) (int, bool) {
	b, st, t := it.block, it.state, w.t
	if t.cell != nil && !(b == w.from.block && it.index == w.from.index) {
		// The walk of a variable's tail: reuse the tails it meets.
		if tail, ok := t.e.tails[tailKey{block: b, state: st, group: t}]; ok {
			w.mergeTail(tail)
			return 0, false
		}
	}
	if t.shared != nil && !w.home.Dominates(b) {
		// Out of the region of a resource held in a variable (see
		// cellGroup): where the region is behind, the rest is the
		// variable's tail.
		if w.shape.behind(w.home, b) {
			w.mergeTail(t.e.cellTailOf(w.fn, b, st, t.shared))
			return 0, false
		}
		return it.index, true
	}
	if !w.agnostic && (w.home == nil || w.home.Dominates(b)) {
		return it.index, true
	}
	return w.outside(b, st)
}

// outside is enter for a block out of the resource's region (see
// scopedTo), or any block of an agnostic walk: only the block's
// terminator matters; once a continue has dropped the resource, so does
// nothing but reaching an exit; and where the region is behind, the rest
// of the path is a tail that every acquisition before it shares.
func (w *walker) outside(b *ssa.BasicBlock, st flowState) (int, bool) {
	t := w.t
	if !w.agnostic && st.contPos.IsValid() && !st.closeOnErr && !st.deferClosed && !st.deferEscaped && !t.e.endsProcess(w.fn) && w.shape.returns[b.Index] {
		w.addExit(&st, Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
		return 0, false
	}
	if w.agnostic || w.shape.behind(w.home, b) {
		if tail, ok := t.e.tailOf(w.fn, b, st, t.known, t.knownKey, !w.agnostic); ok {
			w.mergeTail(tail)
			return 0, false
		}
	}
	return len(b.Instrs) - 1, true
}

// step applies instr to the path in state st and reports whether the path
// ends there (released, escaped, returned, overwritten).
func (w *walker) step(st *flowState, instr ssa.Instruction) bool {
	if w.acq != nil && instr == w.acq {
		w.reachAcquisition(st)
		return true
	}
	if store, ok := instr.(*ssa.Store); ok {
		if field := w.t.replacedField(store); field != "" {
			w.addExit(st, Exit{Kind: OverwriteExit, Pos: store.Pos(), Read: st.readPos, Field: field})
			return true
		}
	}
	if w.t.maybeSent[instr] {
		w.res.escaped = true // sent on one case, kept on the default
	}
	if w.event(st, instr) {
		return true
	}
	switch in := instr.(type) {
	case *ssa.Return:
		w.returnFrom(st, in)
	case *ssa.If:
		w.branchOut(*st, in)
	case *ssa.Jump:
		b := in.Block()
		w.push(b.Succs[0], w.t.e.throughEdge(w.fn, b, b.Succs[0], *st))
	case *ssa.Panic:
		// Unwinding or a no-return call (os.Exit, log.Fatal, t.Fatal):
		// not a leak.
	}
	return false
}

// event applies what the tracker found instr does to the resource and
// reports whether the path ends there.
func (w *walker) event(st *flowState, instr ssa.Instruction) bool {
	t := w.t
	ev := t.events[instr]
	if ev < evOverwrite && t.rivals.overwrites(instr) && !t.heldPast(instr) {
		ev = evOverwrite
	}
	if ev != 0 && !st.parked && t.parkedBy != nil && t.receiverOnly(instr) {
		// c.reset(), log(c) before this path parked the resource in c:
		// what they do to c is not done to the resource.
		return false
	}
	switch ev {
	case evRelease:
		return w.release(st, instr)
	case evEscape:
		return w.escape(st, instr)
	case evReturn:
		return w.returned(st, instr)
	case evCloseOnErr:
		st.closeOnErr = true
	case evFailOpen:
		w.res.escaped = true // the callee keeps it if it succeeds
		st.failOpen = true
	case evPark:
		st.parked = true
	case evDrain:
		st.drained = true
	case evHandoff:
		if st.handoff == nil {
			st.handoff = t.handoffs[instr]
		}
	case evOverwrite:
		w.addExit(st, Exit{Kind: OverwriteExit, Pos: instr.Pos(), Read: st.readPos})
		return true
	}
	return false
}

// release applies instr, which releases the resource, to the path in
// state st, and reports whether the path ends there.
func (w *walker) release(st *flowState, instr ssa.Instruction) bool {
	if w.t.readsAtExit(instr) {
		st.deferClosed = true // at the return, unless overwritten first
		return false
	}
	w.res.released = true
	w.res.releasedOnErr = w.res.releasedOnErr || st.inFailure(instr) || errorReturnFollows(w.fn, instr)
	return true
}

// escape applies instr, which may keep the resource, to the path in
// state st, and reports whether the path ends there.
func (w *walker) escape(st *flowState, instr ssa.Instruction) bool {
	t := w.t
	if t.readsAtExit(instr) {
		st.deferEscaped = true // at the return, unless overwritten first
		return false
	}
	if st.parked && t.ownsParked && t.receiverOnly(instr) {
		return false // bind(n): n still holds it
	}
	w.res.escaped = true
	return !t.ignoreEscapes
}

// returned applies instr, which returns the resource to the caller, to
// the path in state st; the path ends there.
func (w *walker) returned(st *flowState, instr ssa.Instruction) bool {
	if st.parked {
		// The receiver keeps what it returns (a cached conn): the
		// caller only borrows it.
		w.res.escaped = true
		return true
	}
	if st.deferClosed || w.t.cancelled {
		w.res.returnedClosed = true // the deferred Close (or cancel) runs first
		w.res.released = true
		return true
	}
	if ret, ok := instr.(*ssa.Return); ok && (w.t.failReturns[ret] || w.returnedWithError(st, ret)) {
		// return newClient(conn): where newClient fails, the caller's
		// caller gets only its error; return conn, err likewise.
		w.addExit(st, Exit{Kind: ErrorReturnExit, Pos: ret.Pos(), Read: st.readPos})
	}
	w.res.returned = true
	return true
}

// returnFrom handles a path that reaches ret with the resource open.
func (w *walker) returnFrom(st *flowState, ret *ssa.Return) {
	t := w.t
	switch {
	case st.deferClosed:
		w.res.released = true // the deferred call closes it
	case st.deferEscaped:
		w.res.escaped = true // the deferred call may keep it
	case st.closeOnErr && returnsError(w.fn, ret):
		w.res.released = true // the deferred call closes it
	case st.failOpen:
		if t.returnsFailOpenErr(ret) {
			// The caller gets the failure of the call that left the
			// resource open.
			w.recordExit(Exit{Kind: ErrorReturnExit, Pos: t.returnExit(w.fn, ret, *st).Pos})
		}
	case st.parked:
		// The receiver holds it; on an error return, a caller may drop
		// the receiver.
		if x := t.returnExit(w.fn, ret, *st); x.Kind != ReturnExit {
			w.res.parkedExits = append(w.res.parkedExits, x)
		} else {
			w.res.escaped = true
		}
	case st.contPos.IsValid():
		// The continue dropped it; this is the same leak.
		w.addExit(st, Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
	case t.e.endsProcess(w.fn):
		// The process exits, and the kernel closes it.
	case t.returnsClosedOnErr(w.fn, ret):
		// return requireHttpCodes(resp, 200): where that error is
		// non-nil the callee closed it; where it is nil it is open.
		w.res.released = true
		w.addExit(st, Exit{Kind: ReturnExit, Pos: ret.Pos()})
	default:
		w.addExit(st, t.returnExit(w.fn, ret, *st))
	}
}

// branchOut pushes the successors of the If that ends a block, each in
// the state its edge implies, except the edges that cannot be taken.
func (w *walker) branchOut(st flowState, in *ssa.If) {
	t, b := w.t, in.Block()
	br := t.branch(in, w.acqErr)
	t.pruneKnown(in, &br)
	br.prune[1] = br.prune[1] || w.infeasible[b]
	for i, s := range b.Succs {
		if br.prune[i] || br.took[i] && st.failOpen {
			continue
		}
		next := st
		if br.took[1-i] {
			next.failOpen = false // the call failed: it is ours again
		}
		if br.fail[i] {
			next.readPos = br.failPos
			if t.bodyReads[br.failPos] {
				next.drained = true // a body at io.EOF, or broken and closed
			}
		}
		if br.err[i] || br.fail[i] {
			next.errPath, next.errFrom = true, s
		}
		w.push(s, t.e.throughEdge(w.fn, b, s, next))
	}
}

// push schedules block b in state st, unless b was already entered in a
// state of the same class. The classes are the thirty-two combinations of
// a failed read on the path, a call that kept the resource on success
// only, a deferred call that reads its variable at the return, the
// resource parked in the receiver, and a body read to io.EOF: each block
// is entered at most thirty-two times, which keeps the walk linear.
func (w *walker) push(b *ssa.BasicBlock, st flowState) {
	bit := uint32(1)
	if st.readPos.IsValid() {
		bit <<= 1
	}
	if st.failOpen {
		bit <<= 2
	}
	if st.deferClosed || st.deferEscaped {
		bit <<= 4
	}
	if st.parked {
		bit <<= 8
	}
	if st.drained {
		bit <<= 16
	}
	if w.visited[b.Index]&bit != 0 {
		return
	}
	w.visited[b.Index] |= bit
	w.work = append(w.work, flowItem{b, 0, st})
}

// addExit records x as an exit of the path in state st: nowhere when a
// call kept the resource on success only and its failure is not tested
// on the path, and as the goroutine's exit when one took it.
func (w *walker) addExit(st *flowState, x Exit) {
	if st.failOpen {
		return // open only if the call failed, which this path does not test
	}
	if st.handoff != nil {
		x = *st.handoff // the goroutine that took it is where it leaks
	}
	x.Drained = st.drained
	w.recordExit(x)
}

// recordExit adds x to the walk's exits, once per position; a read's
// failure is the cause to name when two paths leave by one exit.
func (w *walker) recordExit(x Exit) {
	if i, ok := w.exitAt[x.Pos]; ok {
		drained := x.Drained && w.res.exits[i].Drained // by every path
		if x.Kind == ReadErrorExit && w.res.exits[i].Kind != ReadErrorExit {
			w.res.exits[i] = x // the CLOSE_WAIT cause is the one to name
		}
		w.res.exits[i].Drained = drained
		return
	}
	w.exitAt[x.Pos] = len(w.res.exits)
	w.res.exits = append(w.res.exits, x)
}

// mergeTail adds what the walk of a tail found to this walk's result.
func (w *walker) mergeTail(tail flowResult) {
	for _, x := range tail.exits {
		w.recordExit(x)
	}
	w.res.released = w.res.released || tail.released
	w.res.escaped = w.res.escaped || tail.escaped
	w.res.returned = w.res.returned || tail.returned
	w.res.releasedOnErr = w.res.releasedOnErr || tail.releasedOnErr
	w.res.parkedExits = append(w.res.parkedExits, tail.parkedExits...)
}

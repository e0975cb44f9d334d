package analyzer

import (
	"go/token"

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
	// releasedOnErr: some path on which an error was found non-nil
	// releases it.
	releasedOnErr bool
}

// flowState is what a path carries besides its position: whether it went
// through the failure edge of a read (and which read), and the last
// continue statement it took.
type flowState struct {
	readPos token.Pos // the failed read on this path, or NoPos
	contPos token.Pos // the continue statement this path took, or NoPos
	errPath bool      // some error was found non-nil on this path
	handoff *Exit     // a goroutine took it and may leave it open here
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
// The walk visits each block at most four times (with and without a
// failed read on the path, and with and without a call that kept it on
// success only), so it is linear in the size of fn.
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
	return t.walk(fn, block, index, t.deferredBefore(acq), acq, acqErr, home, false)
}

// deferredBefore returns the state in which the walk from acq starts: the
// deferred calls that every path to acq registers before it and that read
// the variable the resource is stored in when they run, at the return
// (see readsAtExit), close it, close it on error, or may keep it there:
// `var c net.Conn; defer func() { if c != nil { c.Close() } }();
// c, err = net.Dial(…)`.
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
	var vals []ssa.Value
	switch in := instr.(type) {
	case *ssa.Defer:
		vals = in.Call.Args
		if mc, ok := in.Call.Value.(*ssa.MakeClosure); ok {
			vals = append(vals[:len(vals):len(vals)], mc.Bindings...)
		}
	case *ssa.MakeClosure:
		for _, r := range *in.Referrers() {
			if d, ok := r.(*ssa.Defer); !ok || d.Call.Value != in {
				return false
			}
		}
		vals = in.Bindings
	}
	for _, v := range vals {
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

// walk is flow from a given state. home is the block outside whose
// dominance region the resource cannot be touched (see scopedTo), or nil.
// An agnostic walk tracks no resource: it finds the exits of a tail (see
// engine.tailOf).
func (t *tracker) walk(fn *ssa.Function, block *ssa.BasicBlock, index int, st0 flowState, acq ssa.Instruction, acqErr map[ssa.Value]bool, home *ssa.BasicBlock, agnostic bool) flowResult {
	var res flowResult
	carried := acq != nil && t.loopCarried(acq)
	exits := make(map[token.Pos]int) // position -> index in res.exits
	recordExit := func(x Exit) {
		if i, ok := exits[x.Pos]; ok {
			if x.Kind == ReadErrorExit && res.exits[i].Kind != ReadErrorExit {
				res.exits[i] = x // the CLOSE_WAIT cause is the one to name
			}
			return
		}
		exits[x.Pos] = len(res.exits)
		res.exits = append(res.exits, x)
	}
	mergeTail := func(tail flowResult) {
		for _, x := range tail.exits {
			recordExit(x)
		}
		res.released = res.released || tail.released
		res.escaped = res.escaped || tail.escaped
		res.returned = res.returned || tail.returned
		res.releasedOnErr = res.releasedOnErr || tail.releasedOnErr
	}
	visited := make([]uint8, len(fn.Blocks)) // one bit per (failed read, failOpen, deferred) triple
	infeasible := t.e.infeasibleDefaults(fn)
	var shape *cfgShape
	if home != nil || agnostic || t.shared != nil {
		shape = t.e.shapeOf(fn)
	}
	work := []flowItem{{block, index, st0}}
	push := func(b *ssa.BasicBlock, st flowState) {
		bit := uint8(1)
		if st.readPos.IsValid() {
			bit <<= 1
		}
		if st.failOpen {
			bit <<= 2
		}
		if st.deferClosed || st.deferEscaped {
			bit <<= 4
		}
		if visited[b.Index]&bit != 0 {
			return
		}
		visited[b.Index] |= bit
		work = append(work, flowItem{b, 0, st})
	}

	for len(work) > 0 {
		it := work[0]
		work = work[1:]
		b, st := it.block, it.state
		addExit := func(x Exit) {
			if st.failOpen {
				return // open only if the call failed, which this path does not test
			}
			if st.handoff != nil {
				x = *st.handoff // the goroutine that took it is where it leaks
			}
			recordExit(x)
		}
		start := it.index
		if t.cell != nil && !(b == block && it.index == index) {
			// The walk of a variable's tail: reuse the tails it meets.
			if tail, ok := t.e.tails[tailKey{block: b, state: st, group: t}]; ok {
				mergeTail(tail)
				continue
			}
		}
		if t.shared != nil && !home.Dominates(b) {
			// Out of the region of a resource held in a variable (see
			// cellGroup): where the region is behind, the rest is the
			// variable's tail.
			if shape.behind(home, b) {
				mergeTail(t.e.cellTailOf(fn, b, st, t.shared))
				continue
			}
		} else if agnostic || home != nil && !home.Dominates(b) {
			// Out of the resource's region (see scopedTo): only the
			// block's terminator matters; once a continue has dropped
			// it, so does nothing but reaching an exit; and where the
			// region is behind, the rest of the path is a tail that
			// every acquisition before it shares.
			if !agnostic && st.contPos.IsValid() && !st.closeOnErr && !st.deferClosed && !st.deferEscaped && !t.e.endsProcess(fn) && shape.returns[b.Index] {
				addExit(Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
				continue
			}
			if agnostic || shape.behind(home, b) {
				if tail, ok := t.e.tailOf(fn, b, st, t.known, t.knownKey, !agnostic); ok {
					mergeTail(tail)
					continue
				}
			}
			start = len(b.Instrs) - 1
		}
	instrs:
		for k := start; k < len(b.Instrs); k++ {
			instr := b.Instrs[k]
			if acq != nil && instr == acq {
				if carried {
					break // the next iteration closes the old one
				}
				if st.contPos.IsValid() {
					addExit(Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
				} else {
					addExit(Exit{Kind: OverwriteExit, Pos: acq.Pos(), Read: st.readPos})
				}
				break
			}
			if store, ok := instr.(*ssa.Store); ok {
				if field := t.replacedField(store); field != "" {
					addExit(Exit{Kind: OverwriteExit, Pos: store.Pos(), Read: st.readPos, Field: field})
					break
				}
			}
			ev := t.events[instr]
			if ev < evOverwrite && t.rivals.overwrites(instr) {
				ev = evOverwrite
			}
			switch ev {
			case evRelease:
				if t.readsAtExit(instr) {
					st.deferClosed = true // at the return, unless overwritten first
					break
				}
				res.released = true
				res.releasedOnErr = res.releasedOnErr || st.errPath
				break instrs
			case evEscape:
				if t.readsAtExit(instr) {
					st.deferEscaped = true // at the return, unless overwritten first
					break
				}
				res.escaped = true
				if !t.ignoreEscapes {
					break instrs
				}
			case evReturn:
				res.returned = true
				break instrs
			case evCloseOnErr:
				st.closeOnErr = true
			case evFailOpen:
				res.escaped = true // the callee keeps it if it succeeds
				st.failOpen = true
			case evHandoff:
				if st.handoff == nil {
					st.handoff = t.handoffs[instr]
				}
			case evOverwrite:
				addExit(Exit{Kind: OverwriteExit, Pos: instr.Pos(), Read: st.readPos})
				break instrs
			}
			switch in := instr.(type) {
			case *ssa.Return:
				if st.deferClosed {
					res.released = true // the deferred call closes it
					break
				}
				if st.deferEscaped {
					res.escaped = true // the deferred call may keep it
					break
				}
				if st.closeOnErr && returnsError(fn, in) {
					res.released = true // the deferred call closes it
					break
				}
				if st.failOpen {
					if t.returnsFailOpenErr(in) {
						// The caller gets the failure of the call that
						// left the resource open.
						recordExit(Exit{Kind: ErrorReturnExit, Pos: t.returnExit(fn, in, st).Pos})
					}
					break
				}
				switch {
				case st.contPos.IsValid():
					// The continue dropped it; this is the same leak.
					addExit(Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
				case t.e.endsProcess(fn):
					// The process exits, and the kernel closes it.
				default:
					addExit(t.returnExit(fn, in, st))
				}
			case *ssa.Panic:
				// Unwinding or a no-return call (os.Exit, log.Fatal, t.Fatal):
				// not a leak.
			case *ssa.If:
				br := t.branch(in, acqErr)
				t.pruneKnown(in, &br)
				br.prune[1] = br.prune[1] || infeasible[b]
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
					}
					if br.err[i] || br.fail[i] {
						next.errPath = true
					}
					push(s, t.e.throughEdge(fn, b, s, next))
				}
			case *ssa.Jump:
				push(b.Succs[0], t.e.throughEdge(fn, b, b.Succs[0], st))
			}
		}
	}
	return res
}

// replacedField returns the name of the resource's own field that store
// replaces with something else while the resource is open (resp.Body =
// io.NopCloser(…), client.conn = nil): the old value can no longer be
// closed. It returns "" for any other store.
func (t *tracker) replacedField(store *ssa.Store) string {
	fa, ok := store.Addr.(*ssa.FieldAddr)
	if !ok || t.classes[fa] != isCell || t.classes[fa.X] != isResource {
		return ""
	}
	if _, tracked := t.classes[store.Val]; tracked || t.fieldSaved(fa, store) {
		return ""
	}
	if f := structField(fa.X.Type(), fa.Field); f != nil {
		return f.Name()
	}
	return ""
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
	return Exit{Kind: ReturnExit, Pos: pos}
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

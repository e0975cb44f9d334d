package analyzer

// This file recognises resources carried across loop iterations and
// closed at the top of the next one.

import "golang.org/x/tools/go/ssa"

// loopCarried reports whether the resource is carried into the next
// iteration of a loop around its acquisition and closed there: it is held
// in a variable declared outside the loop (a phi that dominates the
// acquisition, or a local cell allocated outside the loop, as for a
// variable a closure captures), and some path from the loop's head to the
// acquisition closes it. Re-acquiring it then is not an overwrite (the
// response of a redirect loop, closed at the top of the next iteration).
func (t *tracker) loopCarried(acq ssa.Instruction) bool {
	for v, c := range t.classes {
		var head *ssa.BasicBlock
		switch v := v.(type) {
		case *ssa.Phi:
			if c == isResource && v.Block().Dominates(acq.Block()) {
				head = v.Block()
			}
		case *ssa.Alloc:
			if h := loopHead(acq.Block()); c == isCell && h != nil && !h.Dominates(v.Block()) {
				head = h
			}
		case *ssa.FreeVar:
			if c == isCell {
				head = loopHead(acq.Block())
			}
		}
		if head != nil && t.releasedBefore(head, acq) {
			return true
		}
	}
	return false
}

// loopHead returns the header of the innermost loop containing b: the
// nearest dominator of b that is the target of a back edge, or nil.
func loopHead(b *ssa.BasicBlock) *ssa.BasicBlock {
	for d := b; d != nil; d = d.Idom() {
		for _, p := range d.Preds {
			if d.Dominates(p) {
				return d
			}
		}
	}
	return nil
}

// releasedBefore reports whether some path from the start of head, inside
// the loop (the blocks head dominates that can reach acq), releases the
// resource before reaching acq.
func (t *tracker) releasedBefore(head *ssa.BasicBlock, acq ssa.Instruction) bool {
	inLoop := map[*ssa.BasicBlock]bool{acq.Block(): true}
	back := []*ssa.BasicBlock{acq.Block()}
	for len(back) > 0 {
		b := back[len(back)-1]
		back = back[:len(back)-1]
		for _, p := range b.Preds {
			if !inLoop[p] && head.Dominates(p) {
				inLoop[p] = true
				back = append(back, p)
			}
		}
	}
	seen := map[*ssa.BasicBlock]bool{head: true}
	work := []*ssa.BasicBlock{head}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		reachedAcq := false
		for _, instr := range b.Instrs {
			if instr == acq {
				reachedAcq = true
				break
			}
			if t.events[instr] == evRelease {
				return true
			}
		}
		if reachedAcq {
			continue
		}
		for _, s := range b.Succs {
			if !seen[s] && inLoop[s] {
				seen[s] = true
				work = append(work, s)
			}
		}
	}
	return false
}

// deferHoldsIteration reports whether every deferred call that reads the
// resource's variable at the return (see readsAtExit) reads a variable
// that the loop around acq allocates anew on each iteration: `resp, err
// := c.Do(req); defer func() { resp.Body.Close() }()` in a loop body.
// Each iteration's deferred call then holds its own variable, and
// reaching acq again overwrites nothing that call will close.
func (t *tracker) deferHoldsIteration(acq ssa.Instruction) bool {
	found := false
	for instr := range t.events {
		if !t.readsAtExit(instr) {
			continue
		}
		for _, v := range deferredValues(instr) {
			if a, ok := v.(*ssa.Alloc); ok && t.classes[a] == isCell {
				if !allocatedEachIteration(a, acq) {
					return false
				}
				found = true
			} else if _, ok := v.(*ssa.FreeVar); ok && t.classes[v] == isCell {
				return false
			}
		}
	}
	return found
}

// allocatedEachIteration reports whether alloc runs before acq and again
// on every path from acq back to it.
func allocatedEachIteration(alloc *ssa.Alloc, acq ssa.Instruction) bool {
	if !before(alloc, acq) {
		return false
	}
	return !reachesAvoiding(acq.Block(), acq.Block(), alloc.Block())
}

// reachAcquisition handles a path that comes back to the acquiring call:
// the next iteration overwrites the resource, unless the loop closes it
// first.
func (w *walker) reachAcquisition(st *flowState) {
	switch {
	case w.carried:
		// The next iteration closes the old one.
	case st.parked:
		// The receiver holds the old one.
	case st.deferClosed && w.heldByDefer:
		w.res.released = true // this iteration's deferred call closes it
	case st.deferEscaped && w.heldByDefer:
		w.res.escaped = true // this iteration's deferred call may keep it
	case st.contPos.IsValid():
		w.addExit(st, Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
	default:
		w.addExit(st, Exit{Kind: OverwriteExit, Pos: w.acq.Pos(), Read: st.readPos})
	}
}

package analyzer

// This file keeps the forward walk linear in practice on functions with
// many acquisitions: once a path leaves the part of the function where the
// resource can still be named, the rest of that path no longer depends on
// the resource, so the walk stops looking at its instructions.

import "golang.org/x/tools/go/ssa"

// scopedTo returns the block outside whose dominance region nothing can
// touch the tracked resource, or nil if there is no such block.
//
// Every value the tracker follows, every error value that decides a
// branch about it, and every instruction with an event is an instruction
// of a block that the acquisition's block dominates (and no phi: a phi
// joins values from other paths, as a variable declared outside a loop
// does). A use of an SSA value is dominated by its definition, so on a
// block outside that region no instruction can release, return, overwrite
// or test the resource: a path that gets there can only end, open, at the
// exits it reaches. Values kept in memory allocated outside the region, or
// captured from an enclosing function, fail the test, and the walk stays
// exact for them.
func (t *tracker) scopedTo(acq *ssa.Call, acqErr map[ssa.Value]bool) *ssa.BasicBlock {
	home := acq.Block()
	inside := inRegion(home)
	if t.nonNilCell != nil {
		return nil
	}
	for v := range t.classes {
		if !inside(v) {
			return nil
		}
	}
	for _, vals := range []map[ssa.Value]bool{acqErr, t.closedOnErr, t.failOpenErrs} {
		for v := range vals {
			if !inside(v) {
				return nil
			}
		}
	}
	for v := range t.readErrs {
		if !inside(v) {
			return nil
		}
	}
	for v := range t.scans {
		if !inside(v) {
			return nil
		}
	}
	for instr := range t.events {
		if !inside(instr) {
			return nil
		}
	}
	for _, call := range t.rivals.calls {
		if !inside(call) {
			return nil
		}
	}
	return home
}

// inRegion returns the test of whether a value or instruction lies in the
// dominance region of home: an instruction of a block home dominates, and
// not a phi (a phi joins values from other paths).
func inRegion(home *ssa.BasicBlock) func(v any) bool {
	return func(v any) bool {
		instr, ok := v.(ssa.Instruction)
		if !ok || instr.Block() == nil || !home.Dominates(instr.Block()) {
			return false
		}
		_, phi := v.(*ssa.Phi)
		return !phi
	}
}

// A cfgShape is what the walk needs to know about fn's control flow,
// computed once per function.
type cfgShape struct {
	// returns says, per block index, whether a return statement can be
	// reached from the block (an exhaustive enum switch's impossible
	// default excluded, as the walk excludes it).
	returns []bool
	// scc numbers the strongly connected components of the CFG in
	// reverse topological order: a block can only reach blocks whose
	// number is at most its own.
	scc []int
}

// behind reports whether b cannot reach home: the region home heads is
// behind every path from b.
func (s *cfgShape) behind(home, b *ssa.BasicBlock) bool {
	return s.scc[b.Index] < s.scc[home.Index]
}

// shapeOf returns (computing once) the shape of fn's CFG.
func (e *engine) shapeOf(fn *ssa.Function) *cfgShape {
	fi := e.info(fn)
	if fi.shape == nil {
		fi.shape = &cfgShape{returns: e.reachesReturn(fn), scc: sccNumbers(fn)}
	}
	return fi.shape
}

// A tailKey names a tail: the rest of the paths from a block, entered in
// a given state, in a part of the function no tracked resource can reach.
type tailKey struct {
	block *ssa.BasicBlock
	state flowState
	group *tracker // the tracker of the variable holding the resource (see cellTailOf), or nil
	known string   // the conditions the paths know (see knownConds)
}

// tailOf returns the exits of the paths from b in state st, through
// blocks that no longer depend on the resource. Acquisitions are walked
// from the last to the first, so the tail after a later one is known when
// an earlier one gets there, and each tail is walked once: the forward
// walks of many acquisitions in sequence stay linear in the function's
// size. The paths know the conditions known (named by knownKey; see
// knownConds). When compute is false, only a tail already known is
// returned.
func (e *engine) tailOf(fn *ssa.Function, b *ssa.BasicBlock, st flowState, known map[ssa.Value]bool, knownKey string, compute bool) (flowResult, bool) {
	key := tailKey{block: b, state: st, known: knownKey}
	if r, ok := e.tails[key]; ok {
		return r, true
	}
	if !compute {
		return flowResult{}, false
	}
	tail := newTracker(e)
	tail.known, tail.knownKey = known, knownKey
	r := tail.walk(walkSpec{fn: fn, from: flowItem{b, 0, st}, agnostic: true})
	e.tails[key] = r
	return r, true
}

// sccNumbers numbers the strongly connected components of fn's CFG
// (Tarjan's algorithm), in reverse topological order, by block index.
func sccNumbers(fn *ssa.Function) []int {
	n := len(fn.Blocks)
	index, low, scc := make([]int, n), make([]int, n), make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next, count := 0, 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, s := range fn.Blocks[v].Succs {
			w := s.Index
			switch {
			case index[w] < 0:
				visit(w)
				low[v] = min(low[v], low[w])
			case onStack[w]:
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				scc[w] = count
				if w == v {
					break
				}
			}
			count++
		}
	}
	for v := range n {
		if index[v] < 0 {
			visit(v)
		}
	}
	return scc
}

// reachesReturn returns, per block index of fn, whether a return
// statement can be reached from the block.
func (e *engine) reachesReturn(fn *ssa.Function) []bool {
	infeasible := e.infeasibleDefaults(fn)
	r := make([]bool, len(fn.Blocks))
	var work []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if _, ok := lastInstr(b).(*ssa.Return); ok {
			r[b.Index] = true
			work = append(work, b)
		}
	}
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		for _, p := range b.Preds {
			if r[p.Index] || infeasible[p] && len(p.Succs) == 2 && p.Succs[1] == b && p.Succs[0] != b {
				continue
			}
			r[p.Index] = true
			work = append(work, p)
		}
	}
	return r
}

// lastInstr returns b's last instruction, or nil for an empty block.
func lastInstr(b *ssa.BasicBlock) ssa.Instruction {
	if len(b.Instrs) == 0 {
		return nil
	}
	return b.Instrs[len(b.Instrs)-1]
}

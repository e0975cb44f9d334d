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
}

// flowState is what a path carries besides its position: whether it went
// through the failure edge of a read (and which read), and the last
// continue statement it took.
type flowState struct {
	readPos token.Pos // the failed read on this path, or NoPos
	contPos token.Pos // the continue statement this path last took, or NoPos
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
// acquisition's error result, whose failure edge owns nothing.
//
// The walk visits each block at most twice (with and without a failed
// read on the path), so it is linear in the size of fn.
func (t *tracker) flow(fn *ssa.Function, block *ssa.BasicBlock, index int, acq ssa.Instruction, acqErr ssa.Value) flowResult {
	var res flowResult
	exits := make(map[token.Pos]int) // position -> index in res.exits
	addExit := func(x Exit) {
		if i, ok := exits[x.Pos]; ok {
			if x.Kind == ReadErrorExit && res.exits[i].Kind != ReadErrorExit {
				res.exits[i] = x // the CLOSE_WAIT cause is the one to name
			}
			return
		}
		exits[x.Pos] = len(res.exits)
		res.exits = append(res.exits, x)
	}
	visited := make([]uint8, len(fn.Blocks)) // bit 1: plain path; bit 2: after a failed read
	work := []flowItem{{block, index, flowState{}}}
	push := func(b *ssa.BasicBlock, st flowState) {
		bit := uint8(1)
		if st.readPos.IsValid() {
			bit = 2
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
	instrs:
		for k := it.index; k < len(b.Instrs); k++ {
			instr := b.Instrs[k]
			if acq != nil && instr == acq {
				if st.contPos.IsValid() {
					addExit(Exit{Kind: ContinueExit, Pos: st.contPos, Read: st.readPos})
				} else {
					addExit(Exit{Kind: OverwriteExit, Pos: acq.Pos(), Read: st.readPos})
				}
				break
			}
			switch t.events[instr] {
			case evRelease:
				res.released = true
				break instrs
			case evEscape:
				res.escaped = true
				break instrs
			case evOverwrite:
				addExit(Exit{Kind: OverwriteExit, Pos: instr.Pos(), Read: st.readPos})
				break instrs
			}
			switch in := instr.(type) {
			case *ssa.Return:
				addExit(t.returnExit(fn, in, st))
			case *ssa.Panic:
				// Unwinding or a no-return call (os.Exit, log.Fatal, t.Fatal):
				// not a leak.
			case *ssa.If:
				prune, fail, failPos := t.branch(in, acqErr)
				for i, s := range b.Succs {
					if prune[i] {
						continue
					}
					next := st
					if fail[i] {
						next.readPos = failPos
					}
					push(s, next)
				}
			case *ssa.Jump:
				next := st
				if pos := t.e.continueAt(fn, b, b.Succs[0]); pos.IsValid() {
					next.contPos = pos
				}
				push(b.Succs[0], next)
			}
		}
	}
	return res
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
	case returnsError(fn, ret):
		return Exit{Kind: ErrorReturnExit, Pos: pos}
	}
	return Exit{Kind: ReturnExit, Pos: pos}
}

// returnsError reports whether ret returns a non-nil error as fn's last
// result.
func returnsError(fn *ssa.Function, ret *ssa.Return) bool {
	res := fn.Signature.Results()
	if res.Len() == 0 || len(ret.Results) != res.Len() || !isErrorType(res.At(res.Len()-1).Type()) {
		return false
	}
	return !isNil(ret.Results[len(ret.Results)-1])
}

// branch interprets the condition of an If: which successors the resource
// cannot be open on (prune: the acquisition failed, or the resource is
// nil), and which are the failure edge of a read on it (fail).
func (t *tracker) branch(in *ssa.If, acqErr ssa.Value) (prune, fail [2]bool, failPos token.Pos) {
	switch cond := in.Cond.(type) {
	case *ssa.BinOp:
		if cond.Op != token.EQL && cond.Op != token.NEQ {
			return
		}
		x, y := cond.X, cond.Y
		if isNil(x) {
			x, y = y, x
		}
		eq := 0 // successor taken when x == y
		if cond.Op == token.NEQ {
			eq = 1
		}
		if isNil(y) {
			notNil := 1 - eq
			switch {
			case acqErr != nil && x == acqErr:
				prune[notNil] = true // the acquisition failed: nothing to close
			case t.classes[x] == isResource:
				prune[eq] = true // the resource is nil here
			case t.readErrs[x].IsValid():
				fail[notNil], failPos = true, t.readErrs[x]
			}
			return
		}
		// err == io.EOF and the like.
		if pos := t.readErrs[x]; pos.IsValid() {
			fail[eq], failPos = true, pos
		} else if pos := t.readErrs[y]; pos.IsValid() {
			fail[eq], failPos = true, pos
		}
	case *ssa.UnOp:
		if pos := t.scans[cond.X]; cond.Op == token.NOT && pos.IsValid() {
			fail[0], failPos = true, pos
		}
	case *ssa.Call:
		if pos := t.scans[cond]; pos.IsValid() {
			fail[1], failPos = true, pos // Scan returned false
		} else if fullName(calleeFunc(&cond.Call)) == "errors.Is" && len(cond.Call.Args) == 2 {
			if pos := t.readErrs[cond.Call.Args[0]]; pos.IsValid() {
				fail[0], failPos = true, pos
			}
		}
	}
	return
}

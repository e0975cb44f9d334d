package analyzer

// This file prunes the branches whose outcome a path already knows: a
// condition that decided the way to the acquisition has the same value
// wherever it is tested again (an SSA value never changes), so
// `if socks5 { c = dialSOCKS() } … if !socks5 { return }` cannot return
// with that c.

import (
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// knownConds returns the conditions of fn tested more than once whose
// value every path to block has decided (an edge of their If dominates
// block), and a string naming that set for the keys of shared tails ("" if
// it is empty). A condition computed in a loop around block takes a new
// value in the next iteration, so only those computed where no path from
// block goes back are known.
func (e *engine) knownConds(fn *ssa.Function, block *ssa.BasicBlock) (map[ssa.Value]bool, string) {
	retested := e.retestedConds(fn)
	if len(retested) == 0 {
		return nil, ""
	}
	shape := e.shapeOf(fn)
	fixed := func(v ssa.Value) bool { // block cannot reach v's definition
		instr, ok := v.(ssa.Instruction)
		return !ok || instr.Block() == nil || shape.scc[instr.Block().Index] > shape.scc[block.Index]
	}
	var known map[ssa.Value]bool
	var names []string
	for b := block; b != nil; b = b.Idom() {
		if len(b.Preds) != 1 {
			continue
		}
		p := b.Preds[0]
		in, ok := lastInstr(p).(*ssa.If)
		if !ok || p.Succs[0] == p.Succs[1] || !retested[in.Cond] || !fixed(in.Cond) {
			continue
		}
		if _, seen := known[in.Cond]; seen {
			continue
		}
		if known == nil {
			known = make(map[ssa.Value]bool)
		}
		value := b == p.Succs[0]
		known[in.Cond] = value
		names = append(names, strconv.Itoa(p.Index)+":"+strconv.FormatBool(value))
	}
	slices.Sort(names)
	return known, strings.Join(names, ",")
}

// retestedConds returns (computing once) the values that are the
// condition of more than one If in fn.
func (e *engine) retestedConds(fn *ssa.Function) map[ssa.Value]bool {
	fi := e.info(fn)
	if fi.retested != nil {
		return fi.retested
	}
	seen := make(map[ssa.Value]bool)
	r := make(map[ssa.Value]bool)
	for _, b := range fn.Blocks {
		if in, ok := lastInstr(b).(*ssa.If); ok {
			if seen[in.Cond] {
				r[in.Cond] = true
			}
			seen[in.Cond] = true
		}
	}
	fi.retested = r
	return r
}

// pruneKnown marks in br the successor of in that the path cannot take
// because it knows in's condition.
func (t *tracker) pruneKnown(in *ssa.If, br *branchInfo) {
	if value, ok := t.known[in.Cond]; ok {
		if value {
			br.prune[1] = true
		} else {
			br.prune[0] = true
		}
	}
}

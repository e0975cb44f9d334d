package analyzer

import (
	"go/token"
	"go/types"
	"slices"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// This file classifies the closures and func values that capture or
// stand for the resource: whether calling one closes it, borrows it, or
// closes it on some paths only.

// closureUse classifies capturing v (of class c) in a closure.
func (t *tracker) closureUse(v ssa.Value, c class, mc *ssa.MakeClosure) {
	if m := boundMethod(mc); m != nil { // v.M used as a func value
		if c == isResource && releaseMethods[m.Name()] {
			t.add(mc, isCloser)
		} else {
			t.add(mc, isBorrowFunc)
		}
		return
	}
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		t.event(mc, evEscape)
		return
	}
	for j, b := range mc.Bindings {
		if b != v {
			continue
		}
		s := t.onNormalReturn(mc, j, c, t.e.freeVarSummary(fn, j, c, t.field[v]))
		switch {
		case s.eff == effectCloses && c != isReader:
			t.addClosure(mc, isCloser, s)
		case s.eff == effectCloses || s.eff == effectBorrows:
			t.addClosure(mc, isBorrowFunc, s)
		case s.eff == effectClosesSome && c != isReader && t.e.errCloser(fn, j, c, t.field[v]):
			t.addClosure(mc, isErrCloser, s)
		case s.eff == effectClosesSome, s.eff == effectRetains && s.openOnErr && s.exit.Kind != 0:
			// Closes it, or keeps it (sends it on), on some paths only,
			// leaving it open on a failure: run as a goroutine, it takes
			// it over and that failure is where it leaks (a goroutine
			// that reads a conn's first byte, hands it on, and returns
			// on io.EOF); called or passed on, a transfer.
			t.addClosure(mc, isPartialCloser, s)
		default:
			t.event(mc, evEscape)
		}
		return
	}
}

// onNormalReturn returns s, the summary of the closure mc for the
// resource it captures as its j-th free variable (of class c), as it
// holds when the function returns normally: a deferred closure that
// closes it only when recovering from a panic borrows it then.
func (t *tracker) onNormalReturn(mc *ssa.MakeClosure, j int, c class, s summary) summary {
	fn := mc.Fn.(*ssa.Function)
	if s.eff == effectClosesSome && (c == isResource || c == isCell) && onlyDeferred(mc) && t.e.closesOnlyOnPanic(fn, j) {
		return summary{eff: effectBorrows}
	}
	return s
}

// closerRank orders the classes of func values by what calling them does
// to the resource: a closure that captures it twice (b, and the conn b
// owns) does the most that either capture does.
var closerRank = map[class]int{isBorrowFunc: 1, isPartialCloser: 2, isErrCloser: 3, isCloser: 4}

// addClosure records that the closure mc has class c with summary s,
// unless another capture of the resource already gave it a stronger one.
func (t *tracker) addClosure(mc *ssa.MakeClosure, c class, s summary) {
	old, seen := t.classes[mc]
	if seen && closerRank[c] <= closerRank[old] {
		return
	}
	t.closures[mc] = s
	t.classes[mc] = c
	t.work = append(t.work, mc)
}

// funcValueUse classifies a use of a func value that closes (isCloser) or
// borrows (isBorrowFunc) the resource when called. A func value that only
// borrows it, with no goroutine of its own, can go anywhere without taking
// the resource: handed to code that runs it (cometbft's async.Parallel
// of a read and a write), it still leaves closing to this function.
func (t *tracker) funcValueUse(v ssa.Value, c class, instr ssa.Instruction) {
	borrowOnly := c == isBorrowFunc && !t.closures[v].async
	call, ok := instr.(ssa.CallInstruction)
	if !ok {
		if _, returned := instr.(*ssa.Return); !borrowOnly || returned {
			// A closure returned to the caller runs after this
			// function is gone: the resource it uses must outlive the
			// return, so it goes with the closure.
			t.event(instr, evEscape)
		}
		return
	}
	common := call.Common()
	called := !common.IsInvoke() && common.Value == v
	if !called {
		i, ok := cleanupRegistrars[t.e.fullName(calleeFunc(common))]
		called = ok && paramArg(common, i) == v
	}
	_, isGo := instr.(*ssa.Go)
	switch {
	case !called && (borrowOnly || t.calledOff(common, v, call)):
	case !called:
		t.event(instr, evEscape)
	case c == isCloser:
		t.event(instr, evRelease)
	case isGo:
		t.handoff(call, t.closures[v], "the goroutine started at line "+strconv.Itoa(t.e.pass.Fset.Position(instr.Pos()).Line))
	case c == isErrCloser && isDefer(instr):
		t.event(instr, evCloseOnErr)
	case c == isPartialCloser, c == isErrCloser:
		t.event(instr, evEscape)
	}
}

// calledOff reports whether call hands the func value v to a conditional
// runner (see conditionalRunners) whose stop function the caller calls or
// defers: context.AfterFunc(ctx, func() { c.Close() }) with a deferred
// stop() closes c only if ctx is done first, so it borrows c.
func (t *tracker) calledOff(common *ssa.CallCommon, v ssa.Value, call ssa.CallInstruction) bool {
	i, ok := conditionalRunners[t.e.fullName(calleeFunc(common))]
	res := call.Value()
	if !ok || paramArg(common, i) != v || res == nil || res.Referrers() == nil {
		return false
	}
	for _, r := range *res.Referrers() {
		if c, isCall := r.(ssa.CallInstruction); isCall && c.Common().Value == res {
			return true
		}
	}
	return false
}

// closesOnlyOnPanic reports whether fn, a closure body that captures the
// resource as its i-th free variable, closes it only where a recover()
// in it returned non-nil: `defer func() { if r := recover(); r != nil {
// …; c.Close() } }()`. On a normal return recover() returns nil, so the
// deferred call leaves the resource as it was. Every use of the free
// variable must be a Close on such a path or a call that only borrows it.
func (e *engine) closesOnlyOnPanic(fn *ssa.Function, i int) bool {
	panicking := panickingBlocks(fn)
	if len(panicking) == 0 || i >= len(fn.FreeVars) {
		return false
	}
	fv := fn.FreeVars[i]
	closes := false
	for _, r := range freeVarUses(fv) {
		call, ok := r.(ssa.CallInstruction)
		if !ok {
			return false
		}
		m := calleeFunc(call.Common())
		if recv := receiverOf(call.Common()); m == nil || !releaseMethods[m.Name()] || recv == nil || rootOf(recv) != fv {
			if _, borrows := borrowers[e.fullName(m)]; !borrows || m == nil {
				return false
			}
			continue
		}
		if !slices.ContainsFunc(panicking, func(p *ssa.BasicBlock) bool { return p.Dominates(call.Block()) }) {
			return false
		}
		closes = true
	}
	return closes
}

// panickingBlocks returns the blocks of fn entered where a recover() in
// it returned non-nil: the code that runs only while panicking.
func panickingBlocks(fn *ssa.Function) []*ssa.BasicBlock {
	var blocks []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.Call); ok {
				if bi, ok := c.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
					blocks = append(blocks, nonNilEdges(c)...)
				}
			}
		}
	}
	return blocks
}

// freeVarUses returns the uses of the free variable fv: for a captured
// variable (a pointer to it), the uses of its loads; nil when it is used
// otherwise than loaded.
func freeVarUses(fv *ssa.FreeVar) []ssa.Instruction {
	if _, isPtr := fv.Type().Underlying().(*types.Pointer); !isPtr {
		return *fv.Referrers()
	}
	var uses []ssa.Instruction
	for _, r := range *fv.Referrers() {
		load, ok := r.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			return []ssa.Instruction{r} // not a call: closesOnlyOnPanic says no
		}
		uses = append(uses, *load.Referrers()...)
	}
	return uses
}

// deferredValues returns the values a deferred call gets: the Defer's
// arguments and its closure's bindings, or the bindings of a MakeClosure
// whose only use is a Defer; nil for any other instruction.
func deferredValues(instr ssa.Instruction) []ssa.Value {
	switch in := instr.(type) {
	case *ssa.Defer:
		vals := in.Call.Args
		if mc, ok := in.Call.Value.(*ssa.MakeClosure); ok {
			vals = append(vals[:len(vals):len(vals)], mc.Bindings...)
		}
		return vals
	case *ssa.MakeClosure:
		for _, r := range *in.Referrers() {
			if d, ok := r.(*ssa.Defer); !ok || d.Call.Value != in {
				return nil
			}
		}
		return in.Bindings
	}
	return nil
}

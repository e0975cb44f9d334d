package analyzer

// This file shares the forward walk between acquisitions assigned to one
// variable that lives in memory (a variable a deferred closure captures,
// re-assigned by every acquisition): once a path leaves its own
// acquisition's region, it meets nothing but what the variable's other
// uses do, the same for every acquisition into it. The rest of the path
// is then the variable's tail, walked once for all of them.

import "golang.org/x/tools/go/ssa"

// cellGroup returns the tracker of the variable cell that alone holds t's
// resource outside the dominance region of home, shared by every
// acquisition into that variable, or nil when t knows something there
// that the variable's own tracker does not (a phi, an error value that a
// branch tests, a value of another variable).
//
// The variable's tracker classifies the cell's uses exactly as t does,
// since t follows the resource into the cell; and a block from which home
// cannot be reached, outside home's region, holds no value of t's own
// region. So where the two agree outside the region, the walks from such
// a block are the same.
func (t *tracker) cellGroup(home *ssa.BasicBlock, acqErr map[ssa.Value]bool) *tracker {
	if t.rivals.obj == nil || len(t.rivals.calls) < 2 || t.nonNilCell != nil || t.ignoreEscapes {
		return nil
	}
	inside := inRegion(home)
	cell := t.soleCellOutside(inside)
	if cell == nil {
		return nil
	}
	g := t.e.cellTracker(cell, t.rivals, t.typeFixed)
	if g == nil {
		return nil
	}
	for v := range acqErr {
		if !inside(v) && tested(v) {
			return nil
		}
	}
	if !t.agreesOutside(g, inside) {
		return nil
	}
	return g
}

// soleCellOutside returns the one variable cell outside the region that
// inside recognises into which t follows its resource, or nil if there
// is none or more than one.
func (t *tracker) soleCellOutside(inside func(any) bool) *ssa.Alloc {
	var cell *ssa.Alloc
	for v, c := range t.classes {
		if a, ok := v.(*ssa.Alloc); ok && c == isCell && !inside(a) {
			if cell != nil {
				return nil // two variables
			}
			cell = a
		}
	}
	return cell
}

// agreesOutside reports whether t and g know the same about every value
// and instruction outside the region that inside recognises: their
// classes, fields, events, read errors, scans, closed-on-error and
// fail-open errors, and the exits of their handoffs.
func (t *tracker) agreesOutside(g *tracker, inside func(any) bool) bool {
	return agreeOutside(t.classes, g.classes, inside) && agreeOutside(t.field, g.field, inside) &&
		agreeOutside(t.events, g.events, inside) && agreeOutside(t.readErrs, g.readErrs, inside) &&
		agreeOutside(t.scans, g.scans, inside) && agreeOutside(t.closedOnErr, g.closedOnErr, inside) &&
		agreeOutside(t.failOpenErrs, g.failOpenErrs, inside) &&
		handoffsAgreeOutside(t.handoffs, g.handoffs, inside) && handoffsAgreeOutside(g.handoffs, t.handoffs, inside)
}

// handoffsAgreeOutside reports whether every handoff of a outside the
// region that inside recognises is one of b's, with an equal exit.
func handoffsAgreeOutside(a, b map[ssa.Instruction]*Exit, inside func(any) bool) bool {
	for instr, x := range a {
		if y, ok := b[instr]; !inside(instr) && (!ok || *x != *y) {
			return false
		}
	}
	return true
}

// agreeOutside reports whether the maps a and b have the same entries
// outside the region that inside recognises.
func agreeOutside[K comparable, V comparable](a, b map[K]V, inside func(any) bool) bool {
	for k, x := range a {
		if y, ok := b[k]; !inside(k) && (!ok || x != y) {
			return false
		}
	}
	for k, y := range b {
		if x, ok := a[k]; !inside(k) && (!ok || x != y) {
			return false
		}
	}
	return true
}

// tested reports whether the error value v may decide a branch: it has a
// use other than a phi, a return or a debug reference.
func tested(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		switch r.(type) {
		case *ssa.Phi, *ssa.Return, *ssa.DebugRef:
		default:
			return true
		}
	}
	return false
}

// A cellKey names the tracker of a variable: the variable, and whether
// the acquisitions into it fix their resources' concrete type (see
// typeFixingPackages), which decides some of its branches.
type cellKey struct {
	cell      *ssa.Alloc
	typeFixed bool
}

// cellTracker returns (computing once) the tracker of the resources
// stored in cell, the variable of the acquisitions rivals: what the
// cell's uses do to whatever it holds. It returns nil if the cell was
// first met with other rivals.
func (e *engine) cellTracker(cell *ssa.Alloc, rivals rivals, typeFixed bool) *tracker {
	key := cellKey{cell, typeFixed}
	if g, ok := e.cells[key]; ok {
		if g.rivals.obj != rivals.obj {
			return nil
		}
		return g
	}
	g := newTracker(e)
	g.rivals, g.cell, g.typeFixed = rivals, cell, typeFixed
	g.add(cell, isCell)
	g.run()
	e.cells[key] = g
	return g
}

// cellTailOf returns the exits of the paths from b in state st for a
// resource held in the variable whose tracker is g (see cellGroup).
// Each such tail is walked once; the walk itself reuses the tails it
// meets (see tracker.walk), so the tails of many acquisitions in sequence
// cost one walk of the function between them.
func (e *engine) cellTailOf(fn *ssa.Function, b *ssa.BasicBlock, st flowState, g *tracker) flowResult {
	key := tailKey{block: b, state: st, group: g}
	if r, ok := e.tails[key]; ok {
		return r
	}
	r := g.walk(walkSpec{fn: fn, from: flowItem{b, 0, st}})
	e.tails[key] = r
	return r
}

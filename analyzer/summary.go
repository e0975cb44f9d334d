package analyzer

import "golang.org/x/tools/go/ssa"

// An effect summarises what a function does with a resource passed to it.
type effect uint8

const (
	effUnknown    effect = iota // not known (or being computed): treat as a transfer
	effCloses                   // closes it on every path
	effBorrows                  // neither closes nor keeps it
	effClosesSome               // closes it on some paths only
	effRetains                  // keeps it: stores, returns, sends or hands it on
)

type summaryKey struct {
	fn      *ssa.Function
	index   int
	freeVar bool
	class   class
}

// summarizable reports whether fn's body (or, for an instance of a generic
// function, its origin's body) is available for a summary.
func (e *engine) summarizable(fn *ssa.Function) bool {
	pkg := fn.Pkg
	if origin := fn.Origin(); origin != nil {
		pkg = origin.Pkg // instantiation wrappers have no package
	}
	return pkg == e.ssaPkg && len(bodyOf(fn).Blocks) > 0
}

// bodyOf returns the function whose body describes fn: fn itself, or for an
// instance of a generic function built without its own body, the origin.
func bodyOf(fn *ssa.Function) *ssa.Function {
	if len(fn.Blocks) == 0 && fn.Origin() != nil {
		return fn.Origin()
	}
	return fn
}

// paramEffect returns what fn does with the resource passed as its i-th
// parameter (receiver included, as in ssa.Function.Params).
func (e *engine) paramEffect(fn *ssa.Function, i int, c class) effect {
	fn = bodyOf(fn)
	if i < 0 || i >= len(fn.Params) {
		return effUnknown
	}
	return e.effect(summaryKey{fn, i, false, c}, fn.Params[i])
}

// freeVarEffect returns what the closure body fn does with the resource
// captured as its i-th free variable.
func (e *engine) freeVarEffect(fn *ssa.Function, i int, c class) effect {
	if i < 0 || i >= len(fn.FreeVars) || !e.summarizable(fn) {
		return effUnknown
	}
	return e.effect(summaryKey{fn, i, true, c}, fn.FreeVars[i])
}

// effect computes (once) the summary for key, whose value in fn is v.
func (e *engine) effect(key summaryKey, v ssa.Value) effect {
	if eff, ok := e.summaries[key]; ok {
		return eff
	}
	e.summaries[key] = effUnknown // recursion: assume a transfer
	t := newTracker(e)
	t.add(v, key.class)
	t.run()
	res := t.flow(key.fn, key.fn.Blocks[0], 0, nil, nil)
	eff := effBorrows
	switch {
	case res.escaped:
		eff = effRetains
	case len(res.exits) == 0 && res.released:
		eff = effCloses
	case res.released:
		eff = effClosesSome
	}
	e.summaries[key] = eff
	return eff
}

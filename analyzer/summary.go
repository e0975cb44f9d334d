package analyzer

import (
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// A summary is what a function does with one resource parameter (or
// captured variable).
type summary struct {
	eff    effect
	result int // for effectReturns: the result it comes back as
	// closesElse, for effectReturns: every path that does not return it closes
	// it, so the caller's failure edge of the call owns nothing.
	closesElse bool
	// leftOnErr, for effectReturns: some error return leaves it open
	// and not returned (newClient(conn) fails after a failed handshake):
	// a caller that returns the call's results as they are leaks it there.
	leftOnErr bool
	// closesOnErr, for effectClosesSome: it closes the resource on every
	// path that returns a non-nil error and on no other (requireOK(resp)
	// closes the body of a bad status), so the caller owns nothing on the
	// call's error edge and still owns it, open, on the other.
	closesOnErr bool
	// async: it starts a goroutine that uses it, which may outlive the
	// call (so a caller's deferred Close could close it under it).
	async bool
	// openOnErr, for effectRetains: it keeps the resource only on success; its
	// error returns leave it open (fasthttp's ServeTLS returns a
	// certificate error before it takes the listener), so the caller
	// still owns it on the call's failure edge.
	openOnErr bool
	// argChecked, with openOnErr: the error returns that leave it open
	// all follow checks of the parameters in argChecks against their zero
	// values, so the failure is certain only where such an argument can be
	// zero (see mayFailOnArgs).
	argChecked bool
	argChecks  paramSet
	exit       Exit // for effectBorrows, effectClosesSome and openOnErr: the first exit leaving it open (Kind 0: none)
	// derives, for effectBorrows: 1 + the index of a result that holds it
	// without being able to close it (see nonOwningWrapper), or 0.
	derives int
	// drains: the callee may read it to io.EOF (see mayDrain), so a
	// response body passed to it may hold no socket afterwards: what
	// leaks after the call is uncertain (see tracker.drainedBy).
	drains bool
	// param is the parameter summarised, or NoPos (a captured variable,
	// a fact): a goroutine hand-off to it names it (see mergeHandoffs).
	param token.Pos
}

// A summaryKey names a summary: what fn does with its parameter at index
// (with freeVar, its captured variable), of class class, assuming the
// captured error variable errVar non-nil.
type summaryKey struct {
	fn      *ssa.Function
	index   int
	freeVar bool
	class   class
	errVar  int // 1 + the index of a free error variable assumed non-nil, or 0
	field   int // for isStruct, isStructVal and isStructCell: the field holding the resource
}

// summarizable reports whether fn's body (or, for an instance of a generic
// function, its origin's body) is in this package, so can be summarised here.
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

// funcObject returns the declared function fn is (or instantiates), or nil
// for function literals and synthetic functions.
func funcObject(fn *ssa.Function) *types.Func {
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// calleeSummary returns what the static callee of call does with the value
// passed as call.Args[i], from its body in this package or from its fact.
func (e *engine) calleeSummary(call *ssa.CallCommon, i int, c class) summary {
	fn := call.StaticCallee()
	if fn == nil || i < 0 {
		return summary{}
	}
	if e.summarizable(fn) {
		fn = bodyOf(fn)
		if i >= len(fn.Params) {
			return summary{}
		}
		return e.summarize(summaryKey{fn: fn, index: i, class: c}, fn.Params[i])
	}
	obj := funcObject(fn)
	var fact funcFact
	if obj == nil || !e.pass.ImportObjectFact(obj, &fact) || i >= len(fact.Params) {
		return summary{}
	}
	p := fact.Params[i]
	s := summary{eff: p.Effect, result: p.Result, closesElse: p.ClosesElse, leftOnErr: p.LeftOnErr, closesOnErr: p.ClosesOnErr, async: p.Async, derives: p.Derives, drains: p.Drains}
	if p.ExitLine > 0 {
		s.exit = Exit{Kind: p.ExitKind, Pos: obj.Pos(), Where: p.ExitFile + ":" + strconv.Itoa(p.ExitLine)}
	}
	return s
}

// calleeOwns reports whether the static callee of call reports its own
// leaks of the value passed as call.Args[i] (see ownsParam), from its
// body in this package or from its fact.
func (e *engine) calleeOwns(call *ssa.CallCommon, i int) bool {
	fn := call.StaticCallee()
	if fn == nil || i < 0 {
		return false
	}
	if e.summarizable(fn) {
		return e.ownsParam(bodyOf(fn), i)
	}
	obj := funcObject(fn)
	var fact funcFact
	return obj != nil && e.pass.ImportObjectFact(obj, &fact) && i < len(fact.Params) && fact.Params[i].Owns
}

// freeVarSummary returns what the closure body fn does with the resource
// captured as its i-th free variable.
func (e *engine) freeVarSummary(fn *ssa.Function, i int, c class, field int) summary {
	if i < 0 || i >= len(fn.FreeVars) || !e.summarizable(fn) {
		return summary{}
	}
	return e.summarize(summaryKey{fn: fn, index: i, freeVar: true, class: c, field: field}, fn.FreeVars[i])
}

// errCloser reports whether the closure body fn, which closes the resource
// captured as its i-th free variable on some paths only, closes it on
// every path where a captured error variable is non-nil: the deferred
// `func() { if err != nil { c.Close() } }()` of a function that returns
// its error.
func (e *engine) errCloser(fn *ssa.Function, i int, c class, field int) bool {
	for j, fv := range fn.FreeVars {
		ptr, ok := fv.Type().Underlying().(*types.Pointer)
		if j == i || !ok || !isErrorType(ptr.Elem()) {
			continue
		}
		key := summaryKey{fn: fn, index: i, freeVar: true, class: c, errVar: j + 1, field: field}
		if e.summarize(key, fn.FreeVars[i]).eff == effectCloses {
			return true
		}
	}
	return false
}

// summarize computes (once) the summary for key, whose value in key.fn is v.
func (e *engine) summarize(key summaryKey, v ssa.Value) summary {
	if s, ok := e.summaries[key]; ok {
		return s
	}
	if len(key.fn.Blocks) == 0 {
		return summary{} // declared without a body (assembly, linkname)
	}
	e.summaries[key] = summary{} // recursion: assume a transfer
	t := newTracker(e)
	t.drains = true
	t.summarizing = true
	if k := paramKind(v.Type()); k != Conn && k != Listener {
		t.bodyRoot = true // a body, or a reader that may be one
	}
	if key.errVar > 0 {
		t.nonNilCell = key.fn.FreeVars[key.errVar-1]
	}
	if key.class == isStruct || key.class == isStructVal || key.class == isStructCell {
		t.field[v] = key.field
	}
	t.add(v, key.class)
	t.run()
	res := t.flow(key.fn, key.fn.Blocks[0], 0, nil, errorParams(key.fn))
	s := summaryOf(res, t)
	if s.eff == effectClosesSome {
		s.closesOnErr = t.closesOnlyOnError(key.fn, res)
	}
	if s.openOnErr {
		s.argChecks, s.argChecked = e.argCheckParams(key.fn, res.exits)
	}
	if p, ok := v.(*ssa.Parameter); ok {
		s.param = p.Pos()
	}
	e.summaries[key] = s
	return s
}

// summaryOf sums up res, the result of t's walk of a function from its
// entry: what the function does with the value t follows.
func summaryOf(res flowResult, t *tracker) summary {
	var s summary
	switch {
	case res.escaped:
		s.eff = effectRetains
		s.openOnErr = openOnlyOnError(res.exits)
	case res.returned:
		s.eff, s.result = effectReturns, t.firstReturnIndex()
		s.closesElse = len(res.exits) == 0 && (res.released || t.failureCloses)
		s.leftOnErr = slices.ContainsFunc(res.exits, func(x Exit) bool { return x.Kind == ErrorReturnExit || x.Kind == ReadErrorExit })
	case len(res.exits) == 0 && res.released:
		s.eff = effectCloses
	case res.released:
		s.eff = effectClosesSome
	default:
		s.eff = effectBorrows
	}
	if (s.eff == effectClosesSome || s.eff == effectBorrows || s.openOnErr) && len(res.exits) > 0 {
		s.exit = firstExit(res.exits)
	}
	if s.eff == effectBorrows {
		s.derives = firstWrappedAt(t)
	}
	s.drains = mayDrain(res.exits)
	s.async = len(t.handoffs) > 0
	return s
}

// firstWrappedAt returns the smallest result index, counted from 1, at
// which t's value is returned inside a struct that cannot close it (see
// tracker.wrappedAt), or 0 if there is none.
func firstWrappedAt(t *tracker) int {
	derives := 0
	for j := range t.wrappedAt {
		if derives == 0 || j+1 < derives {
			derives = j + 1
		}
	}
	return derives
}

// openOnlyOnError reports whether exits, the exits of a function that
// keeps the resource on some path, are all error returns: it leaves the
// resource open only when it fails.
func openOnlyOnError(exits []Exit) bool {
	for _, x := range exits {
		if x.Kind != ErrorReturnExit && x.Kind != ReadErrorExit {
			return false
		}
	}
	return len(exits) > 0
}

// firstExit returns the exit of exits with the smallest position.
func firstExit(exits []Exit) Exit {
	first := exits[0]
	for _, x := range exits[1:] {
		if x.Pos < first.Pos {
			first = x
		}
	}
	return first
}

// funcFact computes the fact to export for fn: the summary of each
// parameter that can hold a resource, and its fresh-resource results. It
// records only what a caller in another package acts on, since facts are
// decoded by every importer and those about methods re-exported by every
// package downstream: not the receiver (callers classify method calls on
// a resource themselves), nor effectRetains or an effectClosesSome without an open exit
// (callers treat both as a transfer, as they do a function without a fact;
// that includes an effectRetains that leaves the resource open on its error
// returns, openOnErr: across packages those early errors were argument
// checks the caller's own code rules out, as yamux.Client's VerifyConfig
// of a config built from DefaultConfig, so only callers in the same
// package, and the table's failOpenTakers, act on it).
// For a function (not a method) it records whether it is an error test.
func (e *engine) funcFact(fn *ssa.Function) *funcFact {
	f := new(funcFact)
	for i, p := range fn.Params {
		if i == 0 && fn.Signature.Recv() != nil {
			continue
		}
		if !canHoldResource(p.Type()) {
			e.drainFact(f, fn, i)
			continue
		}
		s := e.summarize(summaryKey{fn: fn, index: i, class: isResource}, p)
		owns := e.ownsParam(fn, i)
		if !owns && (s.eff == effectRetains || s.eff == effectClosesSome && s.exit.Kind == 0) {
			continue
		}
		if len(f.Params) <= i {
			f.Params = append(f.Params, make([]paramFact, i+1-len(f.Params))...)
		}
		f.Params[i] = paramFact{Effect: s.eff, Result: s.result, ClosesElse: s.closesElse, LeftOnErr: s.leftOnErr, ClosesOnErr: s.closesOnErr, Async: s.async, Owns: owns, Derives: s.derives, Drains: s.drains}
		if s.exit.Kind != 0 {
			kind := s.exit.Kind
			if kind == HandoffExit {
				kind = s.exit.Via
			}
			pos := e.pass.Fset.Position(s.exit.Pos)
			f.Params[i].ExitKind = kind
			f.Params[i].ExitFile = filepath.Base(pos.Filename)
			f.Params[i].ExitLine = pos.Line
		}
	}
	if res := e.analyze(fn).results; slices.ContainsFunc(res, func(k Kind) bool { return k != 0 }) {
		f.Results = res
		f.Packet = e.analyze(fn).packet
	}
	if fn.Signature.Recv() == nil {
		f.NonNilIfTrue = e.testedParam(fn) + 1
	}
	f.Fails, f.FailsKnown = e.exportedFails(fn)
	return f
}

// mayDrain reports whether exits, where a function leaves its parameter
// open, say that it may read it to io.EOF: some path reads it to the end
// and every other path leaves after a read of it failed (an empty or
// broken gzip header, a body whose read failed and net/http closed). A
// function that returns on a bad status before reading says no: its
// caller's error return holds the connection.
func mayDrain(exits []Exit) bool {
	drained := false
	for _, x := range exits {
		switch {
		case x.Drained:
			drained = true
		case x.Kind != ReadErrorExit:
			return false
		}
	}
	return drained
}

// drainFact records in f that fn may read its parameter i, a reader that
// cannot hold a resource by its type (an io.Reader), to io.EOF: a
// response body that callers in other packages pass to it may hold no
// socket afterwards (a decoding library's UnmarshalFromReader).
func (e *engine) drainFact(f *funcFact, fn *ssa.Function, i int) {
	if !isReaderParam(fn.Params[i].Type()) {
		return
	}
	if s := e.summarize(summaryKey{fn: fn, index: i, class: isResource}, fn.Params[i]); s.drains {
		if len(f.Params) <= i {
			f.Params = append(f.Params, make([]paramFact, i+1-len(f.Params))...)
		}
		f.Params[i] = paramFact{Effect: effectBorrows, Drains: true}
	}
}

// isReaderParam reports whether t is an interface with a Read method (an
// io.Reader, an io.ReadCloser).
func isReaderParam(t types.Type) bool {
	iface, ok := t.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if iface.Method(i).Name() == "Read" {
			return true
		}
	}
	return false
}

// closesOnlyOnError reports whether fn, whose walk from the resource t
// follows found res (some paths close it, some leave it open), closes it
// only where it then returns a non-nil error and leaves it open only at
// returns of a nil error: requireOK(resp), which closes the body of a bad
// status and returns an error. fn must have an error result.
func (t *tracker) closesOnlyOnError(fn *ssa.Function, res flowResult) bool {
	if !returnsErrorSig(fn.Signature) || res.escaped || res.returned {
		return false
	}
	for _, x := range res.exits {
		if x.Kind != ReturnExit {
			return false
		}
	}
	for instr, ev := range t.events {
		if ev != evRelease || instr.Block() == nil {
			continue
		}
		if instr.Parent() != fn {
			return false // a closure's release: its paths are not fn's
		}
		for b := range blocksFrom([]*ssa.BasicBlock{instr.Block()}) {
			if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !returnsError(fn, ret) {
				return false
			}
		}
	}
	return true
}

package analyzer

// This file classifies passing the resource to a call, go or defer
// statement: a callee's summary says whether it closes, borrows, keeps
// or returns it; a method call on it may read it (io.EOF is the peer's
// FIN).

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// callUse classifies passing v (of class c) to a call, go or defer
// statement, as its receiver or as an argument.
func (t *tracker) callUse(v ssa.Value, c class, instr ssa.CallInstruction) {
	common := instr.Common()
	if !common.IsInvoke() && common.Value == v {
		return // calling the value itself: only func-valued classes do that
	}
	callee := calleeFunc(common)
	if receiverOf(common) == v {
		t.methodUse(c, instr, callee)
		return
	}
	param := argParam(common, v)
	if t.tableUse(v, c, instr, t.e.fullName(callee), param) || t.ownerUse(v, c, instr) {
		return
	}
	s := t.e.calleeSummary(common, argIndex(common, v), c)
	if s.eff == effectUnknown && common.StaticCallee() == nil && !common.IsInvoke() && isConnWrapperSig(common.Signature()) {
		s = summary{eff: effectReturns} // upgrade(c): a TLS upgrade, a conn wrapper
	}
	if s.eff == effectUnknown && common.StaticCallee() == nil && isResponsePtr(paramType(common, param)) && isResponseResultSig(common.Signature()) {
		// after(ctx, resp, err), an SDK's hook behind a func value or an
		// interface: it gives back the response it was given (or one in
		// its place, the caller's all the same); when it fails it may
		// have closed it (see dialerAcquirer).
		s = summary{eff: effectReturns, closesElse: true}
	}
	if s.eff == effectUnknown && common.StaticCallee() == nil && isCheckSig(common.Signature()) {
		// ok(resp), v.Valid(conn), checkRetry(ctx, resp, err): a check
		// whose answer is a bool (and an error), behind a func value or
		// an interface, looks and gives back.
		s = summary{eff: effectBorrows}
	}
	if (s.eff == effectUnknown || s.openOnErr) && cannotClose(paramType(common, param)) {
		// An io.Reader or io.Writer parameter: no Close to call. (A
		// callee that keeps one on success, (*http.Request).Write, keeps
		// a writer, not the conn's ownership.)
		s = summary{eff: effectBorrows, drains: s.drains}
	}
	t.applySummary(instr, c, s, calleeName(common))
}

// isResponseResultSig reports whether sig's results are a response and
// an error.
func isResponseResultSig(sig *types.Signature) bool {
	r := sig.Results()
	return r.Len() == 2 && isResponsePtr(r.At(0).Type()) && isErrorType(r.At(1).Type())
}

// isPredicateSig reports whether sig's only result is a bool.
func isPredicateSig(sig *types.Signature) bool {
	res := sig.Results()
	return res.Len() == 1 && isBool(res.At(0).Type())
}

// isCheckSig reports whether sig's results are a bool, or a bool and an
// error (a retry policy's CheckRetry(ctx, resp, err)).
func isCheckSig(sig *types.Signature) bool {
	res := sig.Results()
	return isPredicateSig(sig) || res.Len() == 2 && isBool(res.At(0).Type()) && isErrorType(res.At(1).Type())
}

// isBool reports whether t is a boolean type.
func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsBoolean != 0
}

// tableUse applies what the table knows about passing the resource as
// parameter param of the function named name: a taker that keeps it on
// success only, an owner, an owning wrapper, a reader to io.EOF, a
// borrower. It reports whether the use is classified.
func (t *tracker) tableUse(v ssa.Value, c class, instr ssa.CallInstruction, name string, param int) bool {
	if c == isResource && t.ownerTableUse(instr, name, param) {
		return true
	}
	drainable := c == isResource || c == isReader && t.passThrough[unconverted(v)]
	if p, ok := readsToEOF[name]; ok && p == param && drainable && t.drains && copiesToEnd(instr.Common(), name) {
		t.event(instr, evDrain)
	}
	b, ok := borrowers[name]
	if !ok {
		return false
	}
	if b.Reads > 0 && b.Reads == param+1 {
		t.markRead(instr)
		t.markBodyRead(instr, drainable && passedOnErrors[name])
	}
	if call := instr.Value(); call != nil && b.Derives {
		if call.Call.Signature().Results().Len() > 1 {
			t.add(extract(call, 0), isReader) // gzip.NewReader(body): (reader, error)
		} else {
			t.add(call, isReader)
			if p, ok := passThroughReaders[name]; ok && p == param && drainable {
				t.passThrough[call] = true // reading it to io.EOF reads the body to io.EOF
			}
		}
	}
	return true
}

// ownerTableUse applies what the table knows about handing the resource
// itself, as parameter param, to the function named name that takes it
// on success only, owns it, or wraps it in an owner, and reports whether
// it does.
func (t *tracker) ownerTableUse(instr ssa.CallInstruction, name string, param int) bool {
	if i, ok := failOpenTakers[name]; ok && i == param {
		t.applySummary(instr, isResource, summary{eff: effectRetains, openOnErr: true}, calleeName(instr.Common()))
		return true
	}
	if i, ok := ownerTakers[name]; ok && i == param {
		t.event(instr, evRelease)
		return true
	}
	if i, ok := ownerWrappers[name]; ok && i == param {
		if call := instr.Value(); call != nil {
			t.add(call, isResource) // closing the wrapper closes the resource
			return true
		}
		t.event(instr, evEscape)
		return true
	}
	return false
}

// ownerUse reports whether instr hands the resource to a goroutine, or a
// handler called without results, that owns it: its own leaks of it are
// reported there, where the fix goes (see ownsParam), and a goroutine's
// name this hand-off (see mergeHandoffs). The call releases it here.
func (t *tracker) ownerUse(v ssa.Value, c class, instr ssa.CallInstruction) bool {
	common := instr.Common()
	_, isGo := instr.(*ssa.Go)
	if !isGo && common.Signature().Results().Len() != 0 || c != isResource || !t.e.calleeOwns(common, argIndex(common, v)) {
		return false
	}
	if fn := common.StaticCallee(); isGo && t.e.summarizable(fn) {
		i := argIndex(common, v)
		t.goOwners = append(t.goOwners, goOwner{param: bodyOf(fn).Params[i].Pos(), start: instr.Pos()})
	}
	t.event(instr, evRelease)
	return true
}

// isConnWrapperSig reports whether sig is that of a function value that
// wraps a conn: func(net.Conn) (net.Conn, error), as lib/pq's TLS upgrade
// is. Its result is the conn it was given (or a wrapper whose Close
// closes it), and when it fails the caller still has the conn to close.
func isConnWrapperSig(sig *types.Signature) bool {
	p, r := sig.Params(), sig.Results()
	return p.Len() == 1 && r.Len() == 2 && isConnType(p.At(0).Type()) &&
		isConnType(r.At(0).Type()) && isErrorType(r.At(1).Type())
}

// structCallUse classifies passing a local struct v (of class c) that
// holds the resource to a call: a function of this package is summarised
// for the struct (a handshake method that only borrows it leaves it this
// function's); a borrower, or a parameter that cannot be closed, borrows
// it; anything else takes it.
func (t *tracker) structCallUse(v ssa.Value, c class, instr ssa.CallInstruction) {
	common := instr.Common()
	if !common.IsInvoke() && common.Value == v {
		return
	}
	if _, ok := borrowers[t.e.fullName(calleeFunc(common))]; ok {
		return
	}
	i := argIndex(common, v)
	if receiverOf(common) != v && cannotClose(paramType(common, argParam(common, v))) {
		return
	}
	if functionalOption(common, v) {
		return // for _, o := range opts { o(m) }: it sets m's fields
	}
	fn := common.StaticCallee()
	if fn == nil || i < 0 || !t.e.summarizable(fn) || i >= len(bodyOf(fn).Params) {
		t.event(instr, evEscape)
		return
	}
	fn = bodyOf(fn)
	s := t.e.summarize(summaryKey{fn: fn, index: i, class: c, field: t.field[v]}, fn.Params[i])
	_, isGo := instr.(*ssa.Go)
	switch {
	case s.eff == effectCloses:
		t.event(instr, evRelease)
	case s.eff == effectBorrows && !isGo:
	case !isGo && !s.async && t.keptInHolderCall(instr):
		// c.streams = newStreams(c): a part of c holds c.
	default:
		t.event(instr, evEscape)
	}
}

// keptInHolderCall is keptInHolder for the result of a call instruction.
func (t *tracker) keptInHolderCall(instr ssa.CallInstruction) bool {
	call, ok := instr.(*ssa.Call)
	return ok && t.keptInHolder(call)
}

// applySummary classifies handing v (of class c) to a callee that does s
// with it: a Close on every path releases it; a borrow leaves it owned; a
// callee that returns it gives it back as a result. A goroutine that only
// borrows it, or closes it on some paths, takes it over: if the caller
// never closes it either, the goroutine's exit is where it leaks.
//
// A call or deferred call that closes it on some paths only is a
// transfer: its paths usually follow the caller's (the idiom
// `defer func(c net.Conn) { if err != nil { c.Close() } }(c)` closes
// exactly on the caller's error returns), which cannot be told apart here.
func (t *tracker) applySummary(instr ssa.CallInstruction, c class, s summary, callee string) {
	_, isGo := instr.(*ssa.Go)
	handled := false
	switch s.eff {
	case effectCloses:
		if c == isResource {
			t.event(instr, evRelease)
		}
		return
	case effectBorrows:
		t.borrowedBy(instr, c, s, callee, isGo)
		if s.drains && c == isResource && t.drains {
			t.event(instr, evDrain) // unmarshal(resp, &v): it may read it to io.EOF
			if t.drainedBy == "" {
				t.drainedBy = callee
			}
		}
		return
	case effectClosesSome:
		if handled = isGo && c == isResource && s.exit.Kind != 0; handled {
			t.handoff(instr, s, callee)
		} else if handled = t.closedOnFailure(instr, c, s); handled {
			t.borrowedBy(instr, c, s, callee, false)
		}
	case effectRetains:
		handled = t.retainedBy(instr, c, s, callee, isGo)
	case effectReturns:
		handled = t.returnedBy(instr, c, s)
	}
	if !handled {
		t.event(instr, evEscape)
	}
}

// borrowedBy applies the summary of a callee that borrows the resource:
// a goroutine that runs on it may leave it open (startReader(c)), and
// what the callee builds on it uses it without closing it.
func (t *tracker) borrowedBy(instr ssa.CallInstruction, c class, s summary, callee string, isGo bool) {
	if (isGo || s.async) && c == isResource {
		t.handoff(instr, s, callee) // startReader(c) runs a goroutine on c
	}
	if call := instr.Value(); call != nil && s.derives > 0 {
		// pb.NewEchoClient(conn): what it returns uses conn but
		// cannot close it.
		t.add(resultValue(call, s.derives-1), isReader)
	}
}

// retainedBy applies the summary of a callee that keeps the resource on
// some paths, and reports whether that is more than an escape: a call
// that keeps it on success only, or a goroutine that returns with it
// open on its first failed read.
func (t *tracker) retainedBy(instr ssa.CallInstruction, c class, s summary, callee string, isGo bool) bool {
	if t.failOpen(instr, c, s) {
		return true
	}
	if !isGo && !s.async && t.keptInHolderCall(instr) {
		return true // c.streamer = newStreamer(c.r): a part of c holds c
	}
	if isGo && c == isResource && s.openOnErr && s.exit.Kind != 0 {
		// go readLoop(c): it hands c on per request, but returns on
		// its first failed read with c open, and nobody closes it.
		t.handoff(instr, s, callee)
		return true
	}
	return false
}

// returnedBy applies the summary of a callee that returns the resource
// (upgrade(c)): its result is the resource, and reports whether the call
// has one.
func (t *tracker) returnedBy(instr ssa.CallInstruction, c class, s summary) bool {
	call := instr.Value()
	if call == nil {
		return false
	}
	res := resultValue(call, s.result)
	t.add(res, c)
	if s.closesElse {
		// upgrade(c) closes c when it fails: its error edge owns nothing.
		for _, v := range errAliases(errorResult(call)) {
			t.closedOnErr[v] = true
		}
		t.failureCloses = true
	} else if res != nil && s.leftOnErr {
		t.returnedVia[res] = instr
	}
	return true
}

// handoff records that the goroutine started by instr takes the resource
// and leaves it open at s.exit.
func (t *tracker) handoff(instr ssa.CallInstruction, s summary, callee string) {
	if s.exit.Kind == 0 {
		return // it never returns normally: nothing to attribute
	}
	x := s.exit
	via := x.Kind
	if via == HandoffExit {
		via = x.Via
	}
	// A goroutine that closes or keeps it on some paths has taken it
	// over; one that only borrows it leaves it the caller's too.
	h := &Exit{Kind: HandoffExit, Pos: x.Pos, Read: x.Read, Via: via, Callee: callee, Where: x.Where, takes: s.eff != effectBorrows, start: instr.Pos()}
	if x.Kind != HandoffExit {
		h.param = s.param
	}
	t.handoffs[instr] = h
	t.event(instr, evHandoff)
}

// methodUse classifies calling a method on the resource or a reader on it.
func (t *tracker) methodUse(c class, instr ssa.CallInstruction, callee *types.Func) {
	if callee == nil {
		return
	}
	if c == isResource && (releaseMethods[callee.Name()] || t.e.localRelease(callee)) {
		t.event(instr, evRelease) // Close(), Close(ctx) on a client, a QUIC conn's CloseWithError
		return
	}
	if isReadMethod(callee) {
		t.markRead(instr)
		if t.bodyRoot { // (a conn's tracker never asks which reader it is)
			recv := unconverted(receiverOf(instr.Common()))
			t.markBodyRead(instr, c == isResource || c == isReader && passedOnReads[callee.Name()] && t.passesThrough(recv, nil))
		}
	}
	if c == isResource && strings.HasPrefix(callee.Name(), "Accept") && capturedValue(receiverOf(instr.Common())) {
		t.acceptFailsClosed(instr)
	}
	if c == isResource && deadlineSetters[callee.Name()] {
		t.markDeadline(instr, callee)
	}
	if c == isResource {
		t.localMethodUse(instr)
	}
}

// localMethodUse classifies calling a method of this package on the
// resource: one that closes its receiver on every path (net/http's
// closeBody) releases it, one that hands out the field that holds it
// returns it; other methods borrow.
func (t *tracker) localMethodUse(instr ssa.CallInstruction) {
	common := instr.Common()
	if common.IsInvoke() || common.StaticCallee() == nil || !t.e.summarizable(common.StaticCallee()) {
		return
	}
	switch s := t.e.calleeSummary(common, 0, isResource); s.eff {
	case effectCloses:
		t.event(instr, evRelease)
	case effectReturns:
		if returnsReceiverField(bodyOf(common.StaticCallee()), s.result) {
			// muxConn.ReleaseConn(): what the receiver holds comes back
			// as the result.
			t.returnedBy(instr, isResource, s)
		}
	}
}

// closingReceiverReleases records that closing the receiver of call (a
// session whose Accept returned the resource) releases the resource.
func (t *tracker) closingReceiverReleases(call *ssa.CallCommon) {
	recv := receiverOf(call)
	if recv == nil || recv.Referrers() == nil {
		return
	}
	for _, r := range *recv.Referrers() {
		if c, ok := r.(ssa.CallInstruction); ok && receiverOf(c.Common()) == recv {
			if m := calleeFunc(c.Common()); m != nil && releaseMethods[m.Name()] {
				t.event(c, evRelease)
			}
		}
	}
}

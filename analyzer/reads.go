package analyzer

// This file records what calls on the resource say about its later
// paths: a read whose failure is the peer's FIN (or, for a response body,
// a body at its end), a deadline setter that fails only on a closed conn,
// an accept whose failure means the listener was closed, a copy that may
// stop before io.EOF.

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// acceptFailsClosed records that where the listener's Accept fails, the
// listener was closed: the return on that failure of an accept loop in a
// closure (go func() { for { c, err := ln.Accept(); if err != nil {
// return } … } }()) is how it stops once whoever holds the listener
// closes it (net.ErrClosed), not a leak of it. (In the listener's own
// function, nobody else can close it: there the return leaks.)
func (t *tracker) acceptFailsClosed(instr ssa.CallInstruction) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return
	}
	for _, v := range errAliases(errorResult(call)) {
		t.closedOnErr[v] = true
	}
}

// markDeadline records the error of a deadline setter called on the
// resource: a static call of net's (on a *net.TCPConn) fails only on a
// closed conn, so its failure edge holds nothing; through an interface,
// or on a *tls.Conn (which hands it to whatever conn it wraps), only if
// the acquisition fixed the conn's concrete type to net's (see
// deadlineErrs).
func (t *tracker) markDeadline(instr ssa.CallInstruction, callee *types.Func) {
	call, ok := instr.(*ssa.Call)
	if !ok || callee.Pkg() == nil || !deadlinePackages[callee.Pkg().Path()] {
		return
	}
	errs := t.deadlineErrs
	if !call.Call.IsInvoke() && callee.Pkg().Path() == "net" {
		errs = t.closedOnErr // a conn of net's own concrete type
	}
	for _, v := range errAliases(errorResult(call)) {
		errs[v] = true
	}
}

// capturedValue reports whether v is a variable a closure captures, or a
// load of one.
func capturedValue(v ssa.Value) bool {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	_, ok := v.(*ssa.FreeVar)
	return ok
}

// markBodyRead records that the read call instr reads the resource
// itself (direct), or a reader that passes its errors on: where such a
// read of a response body fails, the body is at io.EOF (its connection
// back in the pool) or broken (net/http has closed its connection), so
// the failure edge holds no socket (see walker.branchOut).
func (t *tracker) markBodyRead(instr ssa.CallInstruction, direct bool) {
	if direct && t.bodyRoot {
		t.bodyReads[instr.Pos()] = true
	}
}

// passesThrough reports whether v is a passThrough reader on the
// resource, or a variable's merge whose values built on the resource all
// are (var buf *bufio.Reader; if … { buf = bufio.NewReader(resp.Body) }
// else { buf = bufio.NewReader(f) }).
func (t *tracker) passesThrough(v ssa.Value, seen map[ssa.Value]bool) bool {
	v = unconverted(v)
	if t.passThrough[v] {
		return true
	}
	phi, ok := v.(*ssa.Phi)
	if !ok {
		return false
	}
	if seen == nil {
		seen = make(map[ssa.Value]bool)
	}
	seen[phi] = true
	found := false
	for _, e := range phi.Edges {
		e = unconverted(e)
		if _, tracked := t.classes[e]; !tracked || seen[e] {
			continue // another value, or the loop's own merge
		}
		if !t.passesThrough(e, seen) {
			return false
		}
		found = true
	}
	return found
}

// markRead records the failure result of a read call, whose failure
// edge is where the peer's FIN (io.EOF) shows up.
func (t *tracker) markRead(instr ssa.CallInstruction) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return
	}
	if err := errorResult(call); err != nil {
		for _, v := range errAliases(err) {
			t.readErrs[v] = call.Pos()
		}
		return
	}
	if isPredicateSig(call.Call.Signature()) {
		t.scans[call] = call.Pos()
	}
}

// copiesToEnd reports whether call, to the function named name that reads
// its source to io.EOF, gets there as far as the engine can tell: it is
// no copy, or it copies into something other than a peer. A copy into an
// http.ResponseWriter or a conn stops at the first write that fails
// because the client hung up, leaving the rest of the body unread (a
// proxy's io.Copy(w, resp.Body)).
func copiesToEnd(call *ssa.CallCommon, name string) bool {
	i, ok := copyDestinations[name]
	if !ok || call.IsInvoke() || i >= len(call.Args) {
		return true
	}
	dst := unconverted(call.Args[i]).Type()
	return !peerWriters[types.TypeString(dst, nil)] && !isConnType(dst)
}

package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// paramLeaks returns the leaks of fn's resource parameters that fn shows
// it owns on its failure paths, and leaves open on another failure path:
// it closes the parameter on some path where an error was found, or in a
// deferred call that covers its later error returns, so a caller cannot
// also close it there (handshake functions that close the conn they were
// given on one error and forget it on another; grpc's Serve, which
// returned ErrServerStopped before its deferred Close). A function that
// closes the parameter after storing or registering it still owns it:
// that evidence counts even past what would otherwise be a transfer (x/
// crypto's NewServerConn closes c when the handshake of the struct it put
// c in fails). The leaking exits are those reached before any transfer.
//
// Only error returns are reported: on success the parameter is the
// caller's again. Parameters fn merely uses, wraps (tls.Client) or hands
// on are not leaks: on real code their callers mostly close them on
// failure (pgx's startTLS, go-mssqldb's getTLSConn).
func (e *engine) paramLeaks(fn *ssa.Function) []*Leak {
	if len(fn.Blocks) == 0 {
		return nil
	}
	// An error passed in beside the resource is the failure of the call
	// that produced it, by the (resp, err) contract of http.Client.Do and
	// its wrappers: where it is non-nil, there is nothing to close.
	errParams := make(map[ssa.Value]bool)
	for _, p := range fn.Params {
		if isErrorType(p.Type()) {
			errParams[p] = true
		}
	}
	var leaks []*Leak
	for i, p := range fn.Params {
		if i == 0 && fn.Signature.Recv() != nil {
			continue
		}
		kind := paramKind(p.Type())
		if kind == 0 {
			continue
		}
		t := newTracker(e)
		t.add(p, isResource)
		t.run()
		res := t.flow(fn, fn.Blocks[0], 0, nil, errParams)
		owned := res.releasedOnErr
		var covered map[token.Pos]bool // returns a deferred release also reaches
		if !owned {
			// The evidence past a transfer, or in a defer, must be a
			// Close of the parameter itself: closing what a callee built
			// on it (grpc's ALTS handshaker, whose Close leaves the
			// conn open) says nothing about who owns the conn.
			t.keepDirectReleases(p)
			if returnsErrorSig(fn.Signature) {
				if defers := t.deferredReleases(); len(defers) > 0 {
					owned, covered = true, returnsReachable(fn, defers)
				}
			}
		}
		if !owned {
			t.ignoreEscapes = true
			owned = t.flow(fn, fn.Blocks[0], 0, nil, errParams).releasedOnErr
		}
		if !owned {
			continue
		}
		var exits []Exit
		for _, x := range res.exits {
			// A return the deferred release also reaches is one where
			// the function need not own it (a conditional defer).
			if (x.Kind == ErrorReturnExit || x.Kind == ReadErrorExit) && !covered[x.Pos] {
				exits = append(exits, x)
			}
		}
		if len(exits) == 0 {
			continue
		}
		leaks = append(leaks, &Leak{
			Kind:  kind,
			Call:  p.Pos(),
			Type:  typeString(p.Type(), e.pass.Pkg),
			Var:   p.Name(),
			Exits: sortExits(exits),
			Param: true,
		})
	}
	return leaks
}

// keepDirectReleases drops the release events that do not close p itself:
// a Close (or a closing callee, or closure) of p, of a conversion of p,
// or of the variable a closure captures p in, as opposed to one of a
// value built on it.
func (t *tracker) keepDirectReleases(p ssa.Value) {
	var direct func(v ssa.Value) bool
	direct = func(v ssa.Value) bool {
		for {
			if v == p {
				return true
			}
			switch w := v.(type) {
			case *ssa.Alloc: // the variable a closure captures p in
				for _, r := range *w.Referrers() {
					if st, ok := r.(*ssa.Store); ok && st.Addr == w && direct(st.Val) {
						return true
					}
				}
				return false
			case *ssa.MakeInterface:
				v = w.X
			case *ssa.ChangeInterface:
				v = w.X
			case *ssa.ChangeType:
				v = w.X
			default:
				return false
			}
		}
	}
	for instr, ev := range t.events {
		call, ok := instr.(ssa.CallInstruction)
		if ev != evRelease || !ok {
			continue
		}
		common := call.Common()
		ok = common.IsInvoke() && direct(common.Value)
		for _, a := range common.Args {
			ok = ok || direct(a)
		}
		if mc, isClosure := common.Value.(*ssa.MakeClosure); isClosure {
			for _, b := range mc.Bindings {
				ok = ok || direct(b)
			}
		}
		if !ok {
			t.events[instr] = evNone
		}
	}
}

// deferredReleases returns the blocks of the defer statements that
// release the resource.
func (t *tracker) deferredReleases() []*ssa.BasicBlock {
	var blocks []*ssa.BasicBlock
	for instr, ev := range t.events {
		if ev == evRelease && isDefer(instr) {
			blocks = append(blocks, instr.Block())
		}
	}
	return blocks
}

// returnsReachable returns the positions (as returnExit gives them) of the
// returns of fn reachable from the blocks from.
func returnsReachable(fn *ssa.Function, from []*ssa.BasicBlock) map[token.Pos]bool {
	out := make(map[token.Pos]bool)
	seen := make(map[*ssa.BasicBlock]bool)
	work := append([]*ssa.BasicBlock(nil), from...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] {
			continue
		}
		seen[b] = true
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			pos := ret.Pos()
			if !pos.IsValid() {
				pos = closingBrace(fn)
			}
			out[pos] = true
		}
		work = append(work, b.Succs...)
	}
	return out
}

// returnsErrorSig reports whether sig's last result is an error.
func returnsErrorSig(sig *types.Signature) bool {
	res := sig.Results()
	return res.Len() > 0 && isErrorType(res.At(res.Len()-1).Type())
}

// paramKind returns the kind of resource a parameter of type t is, or 0
// for types that are not conns, listeners or responses.
func paramKind(t types.Type) Kind {
	if isResponsePtr(t) {
		return Body
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok || !canHoldResource(t) {
		return 0
	}
	if hasMethod(t, "Accept") && hasMethod(t, "Addr") {
		return Listener
	}
	if hasMethod(t, "Read") && hasMethod(t, "Write") && hasMethod(t, "RemoteAddr") {
		return Conn
	}
	return 0
}

// hasMethod reports whether t (or *t) has a method name.
func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

package analyzer

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// paramLeaks returns the leaks of fn's resource parameters that fn shows
// it owns (see ownedParamExits).
func (e *engine) paramLeaks(fn *ssa.Function) []*Leak {
	if len(fn.Blocks) == 0 {
		return nil
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
		if exits := e.ownedParamExits(fn, i); len(exits) > 0 {
			leaks = append(leaks, &Leak{
				Kind:  kind,
				Call:  p.Pos(),
				Type:  typeString(p.Type(), e.pass.Pkg),
				Var:   p.Name(),
				Exits: sortExits(exits),
				Param: true,
			})
		}
	}
	return leaks
}

// ownedParamExits returns the exits where fn leaves its i-th parameter
// open although it shows it owns it there: it closes the parameter on
// some path where an error was found, or in a deferred call that covers
// its later returns, so a caller cannot also close it there (handshake
// functions that close the conn they were given on one error and forget
// it on another; grpc's Serve, which returned ErrServerStopped before its
// deferred Close). A function that closes the parameter after storing or
// registering it still owns it: that evidence counts even past what would
// otherwise be a transfer (x/crypto's NewServerConn closes c when the
// handshake of the struct it put c in fails). The leaking exits are those
// reached before any transfer.
//
// A function with an error result owns the parameter on its error
// returns only: on success it is the caller's again. A conn handler (see
// isConnHandler) tells its caller nothing, so it owns the conn on every
// path: its plain returns before the deferred Close leak too, unless a
// caller in this package closes the conn after the call returns (see
// closedByCaller). Any function whose every caller in this package
// closes the conn leaves it to them (see closedByEveryCaller). Parameters fn merely uses, wraps (tls.Client) or hands
// on are not leaks: on real code their callers mostly close them on
// failure (pgx's startTLS, go-mssqldb's getTLSConn).
func (e *engine) ownedParamExits(fn *ssa.Function, i int) []Exit {
	errParams := errorParams(fn)
	p := fn.Params[i]
	t := newTracker(e)
	t.add(p, isResource)
	t.run()
	t.takersTransfer()
	res := t.flow(fn, fn.Blocks[0], 0, nil, errParams)
	o := paramOwnership{handler: isConnHandler(fn, p)}
	if !e.provesOwnership(&o, t, fn, i, res, errParams) || o.handler && e.closedByCaller(fn, i) || e.closedByEveryCaller(fn, i) {
		return nil
	}
	var exits []Exit
	for _, x := range res.exits {
		// A return the deferred release also reaches is one where
		// the function need not own it (a conditional defer).
		leaks := x.Kind == ErrorReturnExit || x.Kind == ReadErrorExit || o.handler && !o.readsOnly && (x.Kind == ReturnExit || handedOnFailure(x))
		if leaks && !o.covered[x.Pos] {
			exits = append(exits, x)
		}
	}
	return exits
}

// paramOwnership is what provesOwnership found about a parameter: whether fn
// is a conn handler, whether only its failed reads' returns count (see
// provesOwnership), and the returns a deferred release also reaches.
type paramOwnership struct {
	handler, readsOnly bool
	covered            map[token.Pos]bool
}

// provesOwnership reports whether fn shows it owns its i-th parameter, whose
// walk from the entry found res (see ownedParamExits), filling in o.
func (e *engine) provesOwnership(o *paramOwnership, t *tracker, fn *ssa.Function, i int, res flowResult, errParams map[ssa.Value]bool) bool {
	if res.releasedOnErr || o.handler && slices.ContainsFunc(res.exits, handedOnFailure) {
		return true
	}
	// A handler that sends the conn on a channel on some path hands it
	// on there and tells its caller nothing: it owns it, and a return
	// on another select case (the receiver is gone) drops it.
	if o.handler && t.sends && res.escaped {
		return true
	}
	// A handler that only go statements run, each with a conn just
	// accepted or dialed and kept nowhere else, is the conn's only
	// holder: it owns it on every path, closing it or not.
	if o.handler && e.onlyGoFresh(fn, i) {
		return true
	}
	// The evidence past a transfer, or in a defer, must be a Close of
	// the parameter itself: closing what a callee built on it (grpc's
	// ALTS handshaker, whose Close leaves the conn open) says nothing
	// about who owns the conn.
	t.keepDirectReleases(fn.Params[i])
	if defers := t.deferredReleases(); len(defers) > 0 && (o.handler || returnsErrorSig(fn.Signature)) {
		o.covered = returnsReachable(fn, defers)
		return true
	}
	// A handler that closes the conn on some path and returns on a
	// failed read of it (io.EOF: the peer's FIN) owns it on that return;
	// its other returns may be a conditional closer's (closeIfIdle), so
	// only the failed reads count then, unless only go statements run
	// it, each with a conn it just accepted or dialed and keeps nowhere
	// else: then no one else holds the conn, and every return that
	// leaves it open (a refusal written to the peer) leaks it.
	if o.handler && res.released && slices.ContainsFunc(res.exits, func(x Exit) bool { return x.Kind == ReadErrorExit }) {
		o.readsOnly = !e.onlyGoFresh(fn, i)
		return true
	}
	t.ignoreEscapes = true
	return t.flow(fn, fn.Blocks[0], 0, nil, errParams).releasedOnErr
}

// takersTransfer turns the releases by an owner taker (see ownerTakers)
// into transfers: handing the parameter to http.Serve on a fallback path
// (the TLS configuration is absent: serve plain HTTP) is not the cleanup
// of a function that owns it, whose caller may well close it after the
// call; a Close is.
func (t *tracker) takersTransfer() {
	for instr, ev := range t.events {
		if call, ok := instr.(ssa.CallInstruction); ok && ev == evRelease {
			if _, taker := ownerTakers[t.e.fullName(calleeFunc(call.Common()))]; taker {
				t.events[instr] = evEscape
			}
		}
	}
}

// handedOnFailure reports whether x is the exit of a goroutine that took
// the resource over (it closes or keeps it on its other paths) and leaves
// it open when a read or another call fails: a handler's goroutine that
// reads the first byte and returns on io.EOF.
func handedOnFailure(x Exit) bool {
	return x.Kind == HandoffExit && x.takes && (x.Via == ReadErrorExit || x.Via == ErrorReturnExit)
}

// isConnHandler reports whether fn is a declared function with no result
// that takes the conn p (func (s *Server) handle(c net.Conn)): the shape
// of a connection handler, run per accepted conn. A function literal's
// paths follow its caller's (a deferred func(c net.Conn) { if err != nil
// { c.Close() } }(c) closes on the caller's error), and a listener's
// Serve with no result may return it to a caller that serves it again.
func isConnHandler(fn *ssa.Function, p *ssa.Parameter) bool {
	return fn.Parent() == nil && fn.Signature.Results().Len() == 0 && paramKind(p.Type()) == Conn
}

// errorParams returns fn's error parameters. An error passed in beside a
// resource is the failure of the call that produced it, by the (resp,
// err) contract of http.Client.Do and its wrappers (requireOK(c.Do(req))):
// where it is non-nil, there is nothing to close, so a walk from the
// resource parameter prunes that edge.
func errorParams(fn *ssa.Function) map[ssa.Value]bool {
	var errs map[ssa.Value]bool
	for _, p := range fn.Params {
		if isErrorType(p.Type()) {
			if errs == nil {
				errs = make(map[ssa.Value]bool)
			}
			errs[p] = true
		}
	}
	return errs
}

// ownsParam reports whether fn, a function of this package, reports its
// own leaks of its i-th parameter (see ownedParamExits): a goroutine that
// runs it takes the parameter over, and its leaks are reported there,
// where the fix goes, not where the caller acquired it.
func (e *engine) ownsParam(fn *ssa.Function, i int) bool {
	if i < 0 || i >= len(fn.Params) {
		return false
	}
	for _, l := range e.analyze(fn).leaks {
		if l.Param && l.Call == fn.Params[i].Pos() {
			return true
		}
	}
	return false
}

// keepDirectReleases drops the release events that do not close p itself:
// a Close (or a closing callee, or closure) of p, of a conversion of p,
// or of the variable a closure captures p in, as opposed to one of a
// value built on it.
func (t *tracker) keepDirectReleases(p ssa.Value) {
	for instr, ev := range t.events {
		call, ok := instr.(ssa.CallInstruction)
		if ev == evRelease && ok && !closesDirectly(call.Common(), p) {
			t.events[instr] = evNone
		}
	}
}

// closesDirectly reports whether common, a call that releases the
// resource, gets p itself: as its receiver, an argument, or a binding of
// the closure it calls.
func closesDirectly(common *ssa.CallCommon, p ssa.Value) bool {
	if common.IsInvoke() && isDirectly(common.Value, p) {
		return true
	}
	for _, a := range common.Args {
		if isDirectly(a, p) {
			return true
		}
	}
	if mc, isClosure := common.Value.(*ssa.MakeClosure); isClosure {
		for _, b := range mc.Bindings {
			if isDirectly(b, p) {
				return true
			}
		}
	}
	return false
}

// isDirectly reports whether v is p, a conversion of p, or the variable
// a closure captures p in.
func isDirectly(v, p ssa.Value) bool {
	for {
		if v == p {
			return true
		}
		switch w := v.(type) {
		case *ssa.Alloc: // the variable a closure captures p in
			for _, r := range *w.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == w && isDirectly(st.Val, p) {
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
	if _, ok := types.Unalias(t).(*types.TypeParam); ok || !canHoldResource(t) && !hasAllMethods(t, connMethods) {
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

// connMethods are net.Conn's methods: an interface that has them all (one
// that embeds net.Conn and adds its own, libp2p's manet.Conn) is a conn
// however many others it has.
var connMethods = []string{"Read", "Write", "Close", "LocalAddr", "RemoteAddr", "SetDeadline", "SetReadDeadline", "SetWriteDeadline"}

// hasAllMethods reports whether t (or *t) has every method of names.
func hasAllMethods(t types.Type, names []string) bool {
	for _, name := range names {
		if !hasMethod(t, name) {
			return false
		}
	}
	return true
}

// hasMethod reports whether t (or *t) has a method name.
func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

package analyzer

// This file interprets branch conditions for the flow: which successor of
// an If owns nothing (the acquisition failed, the resource is nil, a 101
// response), and which is the failure edge of a read.

import (
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// A branchInfo says what an If's condition means for the tracked resource,
// per successor (0: condition true, 1: false).
type branchInfo struct {
	prune   [2]bool   // the resource cannot be open there (acquisition failed, or nil)
	fail    [2]bool   // the failure edge of a read on the resource
	err     [2]bool   // some error is known non-nil there
	took    [2]bool   // a call that keeps it on success only succeeded there
	failPos token.Pos // the read that failed
}

// branch interprets the condition of an If.
func (t *tracker) branch(in *ssa.If, acqErr map[ssa.Value]bool) (br branchInfo) {
	if acqErr[in.Cond] {
		br.prune[1] = true // the acquisition's ok is false: nothing acquired
		return
	}
	switch cond := in.Cond.(type) {
	case *ssa.BinOp:
		if !t.handshakeBranch(&br, cond) && (cond.Op == token.EQL || cond.Op == token.NEQ) {
			t.compareBranch(&br, cond, acqErr)
		}
	case *ssa.UnOp:
		if cond.Op == token.NOT {
			t.notBranch(&br, cond.X, acqErr)
		}
	case *ssa.Call:
		t.callBranch(&br, cond, acqErr)
	case *ssa.Extract:
		// The ok of err.(T), as in a type switch: a nil error fails
		// every assertion.
		if ta, ok := cond.Tuple.(*ssa.TypeAssert); ok && cond.Index == 1 {
			t.nonNilIfTrue(&br, ta.X, acqErr)
			if t.typeFixed && (t.classes[ta.X] == isResource || t.addrOfResource(ta.X)) && isFixedType(ta.AssertedType) {
				// The socket, and its address, are of the types the
				// program made.
				br.prune[1] = true
			}
		}
	}
	return
}

// compareBranch interprets x == y or x != y (cond) into br.
func (t *tracker) compareBranch(br *branchInfo, cond *ssa.BinOp, acqErr map[ssa.Value]bool) {
	x, y := cond.X, cond.Y
	if isNil(x) {
		x, y = y, x
	}
	eq := 0 // successor taken when x == y
	if cond.Op == token.NEQ {
		eq = 1
	}
	if isNil(y) {
		t.nilBranch(br, x, eq, acqErr)
		return
	}
	switch {
	case t.switchingProtocols(x, y) || t.switchingProtocols(y, x):
		// resp.StatusCode == 101: the body of a Switching Protocols
		// response is the connection, handed over with it.
		br.prune[eq] = true
	case acqErr[x] && isNonNilError(y) || acqErr[y] && isNonNilError(x):
		// err == ErrTimeout: where the acquisition's error equals a
		// non-nil error, the acquisition failed.
		br.prune[eq], br.err[eq] = true, true
	case t.readErrs[x].IsValid():
		br.fail[eq], br.failPos = true, t.readErrs[x] // err == io.EOF and the like
	case t.readErrs[y].IsValid():
		br.fail[eq], br.failPos = true, t.readErrs[y]
	}
}

// nilBranch interprets x == nil (taken at successor eq) into br.
func (t *tracker) nilBranch(br *branchInfo, x ssa.Value, eq int, acqErr map[ssa.Value]bool) {
	notNil := 1 - eq
	if isErrorType(x.Type()) {
		br.err[notNil] = true
	}
	switch {
	case t.nonNilCell != nil && isLoadOf(x, t.nonNilCell):
		br.prune[eq] = true // assumed non-nil (see engine.errCloser)
	case acqErr[x], t.closedOnErr[x], t.typeFixed && t.deadlineErrs[x]:
		br.prune[notNil] = true // the acquisition failed, or the call closed it (or found it closed)
	case isErrorType(x.Type()) && t.e.errCannotFail(x):
		br.prune[notNil] = true // the call's error cannot be non-nil here
	case t.failOpenErrs[x]:
		br.took[eq] = true // the call kept it
	case t.classes[x] == isResource:
		br.prune[eq] = true // the resource is nil here
	case t.readErrs[x].IsValid():
		br.fail[notNil], br.failPos = true, t.readErrs[x]
	}
}

// notBranch interprets !x into br.
func (t *tracker) notBranch(br *branchInfo, x ssa.Value, acqErr map[ssa.Value]bool) {
	if pos := t.scans[x]; pos.IsValid() {
		br.fail[0], br.failPos = true, pos
	}
	if acqErr[x] {
		br.prune[0] = true // !ok: nothing acquired
	}
	if call, ok := x.(*ssa.Call); ok && (t.asksClosed(&call.Call) || t.nilTestedResource(&call.Call)) {
		br.prune[1] = true // !r.isClosed(), !isNil(c): closed, or nil, on the false edge
	}
}

// callBranch interprets a call's bool result (cond) into br.
func (t *tracker) callBranch(br *branchInfo, cond *ssa.Call, acqErr map[ssa.Value]bool) {
	if t.asksClosed(&cond.Call) {
		br.prune[0] = true // r.isClosed(err): closed there, nothing to close
		return
	}
	if t.nilTestedResource(&cond.Call) {
		br.prune[0] = true // isNil(c): nil on the true edge, nothing to close
		return
	}
	if pos := t.scans[cond]; pos.IsValid() {
		br.fail[1], br.failPos = true, pos // Scan returned false
	} else if err := t.e.testedError(&cond.Call); err != nil {
		t.nonNilIfTrue(br, err, acqErr) // errors.Is(err, X), errors.As(err, &x)
	}
}

// nilTestedResource reports whether call passes the resource to a
// predicate of this package that answers true only when it is nil (see
// engine.nilTested).
func (t *tracker) nilTestedResource(call *ssa.CallCommon) bool {
	for _, a := range call.Args {
		if t.classes[a] == isResource && t.e.nilTested(call, a) {
			return true
		}
	}
	return false
}

// asksClosed reports whether call asks the resource whether it is closed
// (r.IsClosed(), r.isClosed(err), r.Closed()): a method of the resource
// whose name says so and whose only result is a bool. Where it answers
// true, the resource was closed by whoever closed it.
func (t *tracker) asksClosed(call *ssa.CallCommon) bool {
	recv := receiverOf(call)
	if recv == nil || t.classes[recv] != isResource || !isPredicateSig(call.Signature()) {
		return false
	}
	name := ""
	if fn := calleeFunc(call); fn != nil {
		name = fn.Name()
	}
	return nameHas(name, closedWords)
}

// fixesType reports whether the acquiring call fixes the concrete type
// of its resource (see typeFixingPackages): a static call (an interface's
// Accept may return any type) of a function of such a package, and for a
// file acquirer, of a file the function made from a descriptor a call
// returned (a socket it made), not from an inherited one.
func (e *engine) fixesType(call *ssa.CallCommon) bool {
	f := call.StaticCallee()
	if f == nil || f.Pkg == nil || !typeFixingPackages[f.Pkg.Pkg.Path()] {
		return false
	}
	i, ok := fileAcquirers[e.fullName(calleeFunc(call))]
	if !ok {
		return true
	}
	mk, ok := paramArg(call, i).(*ssa.Call)
	if !ok {
		return false
	}
	j, ok := fileMakers[e.fullName(calleeFunc(&mk.Call))]
	if !ok {
		return false
	}
	fd := paramArg(&mk.Call, j)
	for {
		conv, ok := fd.(*ssa.Convert)
		if !ok {
			break
		}
		fd = conv.X
	}
	if x, ok := fd.(*ssa.Extract); ok {
		fd = x.Tuple
	}
	_, made := fd.(*ssa.Call)
	return made
}

// isFixedType reports whether t is a pointer to a concrete type of a
// package in typeFixingPackages (*net.TCPConn, *net.UDPConn,
// *net.TCPListener, …).
func isFixedType(t types.Type) bool {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && typeFixingPackages[n.Obj().Pkg().Path()]
}

// addrOfResource reports whether v is the LocalAddr() or RemoteAddr() of
// the resource: of a socket from package net, a *net.UDPAddr for a UDP
// one, as fixed as the socket's own type.
func (t *tracker) addrOfResource(v ssa.Value) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	m := calleeFunc(&call.Call)
	if m == nil || m.Name() != "LocalAddr" && m.Name() != "RemoteAddr" {
		return false
	}
	recv := receiverOf(&call.Call)
	return recv != nil && t.classes[recv] == isResource
}

// switchingProtocols reports whether x is the StatusCode of the tracked
// response and y the constant 101 (Switching Protocols): then the body is
// the upgraded connection itself, which the code hands on by other means.
func (t *tracker) switchingProtocols(x, y ssa.Value) bool {
	c, ok := y.(*ssa.Const)
	if !ok || c.Value == nil || c.Value.ExactString() != strconv.Itoa(switchingProtocolsStatus) {
		return false
	}
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || t.classes[fa.X] != isResource {
		return false
	}
	f := structField(fa.X.Type(), fa.Field)
	return f != nil && f.Name() == "StatusCode"
}

// handshakeBranch interprets a comparison of the StatusCode of the
// handshake response of the tracked conn's acquisition (see
// tracker.upgradeResp) with a constant into br, and reports whether cond
// is one: a dial that returns a conn and the response of its upgrade
// (conn, resp, err := websocket.Dial(…)) returns the conn only where the
// server switched protocols, so the edge on which the status cannot be
// 101 (resp.StatusCode != 101, resp.StatusCode >= 400) has no conn.
func (t *tracker) handshakeBranch(br *branchInfo, cond *ssa.BinOp) bool {
	x, y, op := cond.X, cond.Y, cond.Op
	if !t.handshakeStatus(x) {
		x, y, op = y, x, mirrored(op)
	}
	c, ok := y.(*ssa.Const)
	if !t.handshakeStatus(x) || !ok || c.Value == nil || c.Value.Kind() != constant.Int {
		return false
	}
	switch op {
	case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
	default:
		return false
	}
	if constant.Compare(constant.MakeInt64(switchingProtocolsStatus), op, c.Value) {
		br.prune[1] = true
	} else {
		br.prune[0] = true
	}
	return true
}

// mirrored returns the comparison op with its operands swapped (a < b is
// b > a).
func mirrored(op token.Token) token.Token {
	switch op {
	case token.LSS:
		return token.GTR
	case token.GTR:
		return token.LSS
	case token.LEQ:
		return token.GEQ
	case token.GEQ:
		return token.LEQ
	}
	return op
}

// handshakeStatus reports whether x is the StatusCode of the handshake
// response of the tracked conn's acquisition (see tracker.upgradeResp).
func (t *tracker) handshakeStatus(x ssa.Value) bool {
	if t.upgradeResp == nil {
		return false
	}
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || !sameValue(fa.X, t.upgradeResp) {
		return false
	}
	f := structField(fa.X.Type(), fa.Field)
	return f != nil && f.Name() == "StatusCode"
}

// sameValue reports whether a and b are the same value, or loads of the
// same variable (a response held in a variable a closure captures is
// loaded anew at each use).
func sameValue(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok := a.(*ssa.UnOp)
	return ok && la.Op == token.MUL && isLoadOf(b, la.X)
}

// isLoadOf reports whether v loads the variable at addr.
func isLoadOf(v, addr ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	return ok && load.Op == token.MUL && load.X == addr
}

// nonNilIfTrue records in br that the error err is non-nil on the true
// edge: the acquisition failed there if err is its error, or a read
// failed if err is a read's.
func (t *tracker) nonNilIfTrue(br *branchInfo, err ssa.Value, acqErr map[ssa.Value]bool) {
	if !isErrorType(err.Type()) {
		return
	}
	br.err[0] = true
	if acqErr[err] || t.closedOnErr[err] {
		br.prune[0] = true // failed, so it was never acquired, or the call closed it
	} else if pos := t.readErrs[err]; pos.IsValid() {
		br.fail[0], br.failPos = true, pos
	}
}

// isNonNilError reports whether the error value v is evidently not nil: a
// concrete value converted to error, errors.New or fmt.Errorf, or a
// package-level sentinel such as io.EOF.
func isNonNilError(v ssa.Value) bool {
	switch v := storedValue(v).(type) {
	case *ssa.MakeInterface:
		return true
	case *ssa.Call:
		f := calleeFunc(&v.Call)
		return f != nil && errorConstructors[f.FullName()]
	case *ssa.UnOp:
		_, global := v.X.(*ssa.Global)
		return v.Op == token.MUL && global
	}
	return false
}

package analyzer

// This file checks one function: it finds the acquisitions in it, walks
// the function from each, and builds the leak of each acquisition that
// reaches an exit still open.

import (
	"go/ast"
	"go/constant"
	"go/types"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// An acquisition is a call in the function under analysis that returns a
// fresh resource.
type acquisition struct {
	call  *ssa.Call
	what  acquirer
	block *ssa.BasicBlock
	index int          // of call in block.Instrs
	site  callSite     // the call's syntax
	obj   types.Object // the variable it is assigned to, or nil
	// cell and inner, for a closure that acquires for the function (see
	// cellAcquisitions): the function's variable the closure stores the
	// resource in, and the closure's acquiring call (call runs the
	// closure).
	cell  *ssa.Alloc
	inner *ssa.Call
}

// source returns the call that makes a's resource: the closure's
// acquiring call for a cell acquisition, else a's call.
func (a *acquisition) source() *ssa.Call {
	if a.inner != nil {
		return a.inner
	}
	return a.call
}

// checkFunc finds the leaks of the acquisitions in fn, and which of its
// results return an acquisition to the caller.
func (e *engine) checkFunc(fn *ssa.Function) *funcAnalysis {
	fa := &funcAnalysis{results: make([]Kind, fn.Signature.Results().Len())}
	acqs := e.acquisitions(fn)
	fa.leaks = append(fa.leaks, e.paramLeaks(fn)...)
	fa.leaks = append(fa.leaks, e.receiveLeaks(fn)...)
	fa.leaks = append(fa.leaks, e.pumpLeaks(fn)...)
	fa.leaks = append(fa.leaks, e.earlyCloseLeaks(fn)...)
	fa.leaks = append(fa.leaks, e.parkingCallLeaks(fn)...)
	fa.leaks = append(fa.leaks, e.allocParkingLeaks(fn, fa.results)...)
	objOf := make(map[*ssa.Call]types.Object) // acquisitions assigned to a variable
	byObj := make(map[types.Object][]*ssa.Call)
	for _, a := range acqs {
		if a.obj != nil {
			objOf[a.call] = a.obj
			byObj[a.obj] = append(byObj[a.obj], a.call)
		}
	}
	// From the last acquisition to the first, so that each walk finds the
	// tails of the ones after it known (see tailOf).
	returned := make([]*tracker, len(acqs))
	for i := len(acqs) - 1; i >= 0; i-- {
		a := acqs[i]
		var rv rivals
		if a.obj != nil {
			rv = rivals{obj: a.obj, of: objOf, calls: byObj[a.obj]}
		}
		returned[i] = e.checkAcquisition(fn, fa, a, rv)
	}
	for _, l := range e.containerLeaks(fn, acqs) {
		if !slices.ContainsFunc(fa.leaks, func(m *Leak) bool { return m.Call == l.Call }) {
			fa.leaks = append(fa.leaks, l)
		}
	}
	for i, t := range returned {
		if t == nil {
			continue
		}
		for j := range t.returnedAt {
			if fa.results[j] == 0 && !mixedResult(fn, j) {
				fa.results[j] = acqs[i].what.Kind
				if j < 64 && e.packetAcquisition(acqs[i]) {
					fa.packet |= 1 << j
				}
			}
		}
	}
	return fa
}

// acquisitions returns the calls in fn that acquire a resource, in block
// and instruction order.
func (e *engine) acquisitions(fn *ssa.Function) []*acquisition {
	var acqs []*acquisition
	for _, b := range fn.Blocks {
		for k, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			what, ok := e.acquirerOf(&call.Call)
			if !ok {
				for _, a := range e.cellAcquisitions(fn, call) {
					a.block, a.index, a.site = b, k, e.callSite(a.inner.Pos())
					if id := a.site.target(a.what.Result); id != nil {
						a.obj = e.pass.TypesInfo.ObjectOf(id)
					}
					acqs = append(acqs, a)
				}
				continue
			}
			a := &acquisition{call: call, what: what, block: b, index: k, site: e.callSite(call.Pos())}
			if id := a.site.target(what.Result); id != nil {
				a.obj = e.pass.TypesInfo.ObjectOf(id)
			}
			acqs = append(acqs, a)
		}
	}
	return acqs
}

// checkAcquisition walks fn from acquisition a, whose variable's other
// acquisitions are rv, and adds to fa its leak and the goroutines it is
// handed to. It returns a's tracker if fn returns a's resource certainly
// open, nil otherwise.
func (e *engine) checkAcquisition(fn *ssa.Function, fa *funcAnalysis, a *acquisition, rv rivals) *tracker {
	t := newTracker(e)
	t.parks = receiverParam(fn)
	t.drains = a.what.Kind == Body
	t.bodyRoot = t.drains
	if a.cell != nil {
		t.add(a.cell, isCell)
	} else {
		t.add(resultValue(a.call, a.what.Result), isResource)
	}
	t.run()
	if e.sessionAccept(&a.call.Call) {
		t.closingReceiverReleases(&a.call.Call)
	}
	t.rivals = rv
	acqErr := acquisitionErrors(a.call)
	if a.what.Kind == Conn && a.cell == nil {
		t.upgradeResp = responseResult(a.call)
	}
	res := t.flow(fn, a.block, a.index+1, a.call, acqErr)
	if t.parkedBy != nil && res.releasedOnErr && e.receiverDropper(fn) == "" {
		// fn closes what it parked on a failure: it owns it on its
		// other failures too, whatever it hands the receiver to.
		t.ownsParked = true
		res = t.flow(fn, a.block, a.index+1, a.call, acqErr)
	}
	e.addParkedExits(fn, &res)
	for _, g := range t.goOwners {
		l := e.leak(a, nil)
		fa.handedTo = append(fa.handedTo, handedTo{param: g.param, by: Handoff{Call: l.Call, Subject: subject(l), Callee: l.Callee, Go: g.start}})
	}
	exits, drained := undrained(res.exits)
	if len(exits) > 0 {
		t.markWrappers(fn, exits)
		l := e.leak(a, exits)
		l.Drained = drained
		if drained {
			l.DrainedBy, l.cancelled, l.head = t.drainedBy, t.cancelled, t.head
		}
		if a.cell == nil {
			l.Fix = e.fixFor(fn, a, t, exits, acqErr)
		}
		fa.leaks = append(fa.leaks, l)
	}
	if res.returned && !res.returnedClosed && !t.returnsClosed() {
		// A result closed on some paths and open on others
		// (gophercloud's doRequest, whose options decide) is not
		// certainly fresh: callers stay silent.
		return t
	}
	return nil
}

// acquisitionErrors returns the values that say call failed: its error
// result and that error's aliases, and its ok result if it has one.
func acquisitionErrors(call *ssa.Call) map[ssa.Value]bool {
	acqErr := make(map[ssa.Value]bool)
	for _, v := range errAliases(errorResult(call)) {
		acqErr[v] = true
	}
	if ok := okResult(call); ok != nil {
		acqErr[ok] = true
	}
	return acqErr
}

// addParkedExits adds to res's exits its parked exits (error returns
// that leave the resource parked in fn's receiver) not already among
// them, when a caller drops that receiver (see receiverDropper), naming
// that caller as their Dropper, or when fn itself closes the resource on
// another failure: a method that closes what it parked when one step
// fails and leaves it parked when another does tells its callers nothing
// they could act on (noise's Listen closed its listener when the address
// was not TCP, not when a protocol's Bind failed).
func (e *engine) addParkedExits(fn *ssa.Function, res *flowResult) {
	if len(res.parkedExits) == 0 {
		return
	}
	dropper := e.receiverDropper(fn)
	if dropper == "" && !res.releasedOnErr {
		return
	}
	for _, x := range res.parkedExits {
		if !slices.ContainsFunc(res.exits, func(y Exit) bool { return y.Pos == x.Pos }) {
			x.Dropper, x.Parked = dropper, true
			res.exits = append(res.exits, x)
		}
	}
}

// leak builds the Leak for acquisition a with its open exits.
func (e *engine) leak(a *acquisition, exits []Exit) *Leak {
	src := a.source()
	t := src.Call.Signature().Results().At(a.what.Result).Type()
	l := &Leak{
		Kind:       a.what.Kind,
		Call:       src.Pos(),
		Type:       typeString(t, e.pass.Pkg),
		InResponse: isResponsePtr(t),
		Exits:      sortExits(exits),
	}
	if a.site.call != nil {
		l.Call = a.site.call.Pos()
		l.Callee = types.ExprString(a.site.call.Fun)
	}
	switch {
	case a.obj != nil:
		l.Var = a.obj.Name()
	case slices.ContainsFunc(exits, func(x Exit) bool { return x.Parked }):
		// Parked in the receiver: name the field it was assigned to.
		if i := a.what.Result; i < len(a.site.lhs) {
			if sel, ok := ast.Unparen(a.site.lhs[i]).(*ast.SelectorExpr); ok {
				l.Var = types.ExprString(sel)
			}
		}
	}
	name, resType, network := e.sourceSocket(a)
	l.Packet = e.packetAcquisition(a)
	l.unix = network == "unix" || network == "unixpacket" || network == "unixgram" || unixAcquirers[name] || unixTypes[resType]
	l.anySocket = a.what.Kind == Conn && anySocketAcquirers[name]
	return l
}

// sortExits sorts exits by position and returns them.
func sortExits(exits []Exit) []Exit {
	sort.Slice(exits, func(i, j int) bool { return exits[i].Pos < exits[j].Pos })
	return exits
}

// constantNetwork returns the constant network ("tcp", "udp4",
// "unix", …) that call (to the function named name) dials or listens on,
// passed as the parameter networkParams gives, or else as a string
// parameter named network; "" when it is not a constant.
func constantNetwork(call *ssa.CallCommon, name string) string {
	i, ok := networkParams[name]
	if !ok {
		i = -1
		params := call.Signature().Params()
		for j := 0; j < params.Len(); j++ {
			if p := params.At(j); p.Name() == "network" && types.Identical(p.Type(), types.Typ[types.String]) {
				i = j
			}
		}
	}
	c, ok := paramArg(call, i).(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return ""
	}
	return constant.StringVal(c.Value)
}

// isDatagram reports whether network is a datagram or raw network
// ("udp", "udp4", "ip4:icmp", "unixgram", …).
func isDatagram(network string) bool {
	return strings.HasPrefix(network, "udp") || strings.HasPrefix(network, "ip") || network == "unixgram"
}

// undrained returns the exits that leave a socket held: those that some
// path reaches without reading the body to io.EOF (see Exit.Drained), or,
// when every exit is drained, all of them, with drained true.
func undrained(exits []Exit) (kept []Exit, drained bool) {
	for _, x := range exits {
		if !x.Drained {
			kept = append(kept, x)
		}
	}
	if len(kept) == 0 && len(exits) > 0 {
		return exits, true
	}
	return kept, false
}

// packetAcquisition reports whether a acquires a datagram (or raw)
// socket, which has no TCP states: by the table, a constant network
// ("udp", "ip4:icmp", "unixgram"), the result's type, or the summary or
// fact of the function it calls, which says so of its result.
func (e *engine) packetAcquisition(a *acquisition) bool {
	if a.what.Kind != Conn {
		return false
	}
	name, resType, network := e.sourceSocket(a)
	return packetAcquirers[name] || isDatagram(network) || packetTypes[resType] || e.packetResult(&a.source().Call, a.what.Result)
}

// sourceSocket returns what says which socket a's source call makes: the
// callee's full name, the resource result's type, and the constant
// network it is given ("" if none).
func (e *engine) sourceSocket(a *acquisition) (name, resType, network string) {
	src := a.source()
	name = e.fullName(calleeFunc(&src.Call))
	resType = types.TypeString(src.Call.Signature().Results().At(a.what.Result).Type(), nil)
	return name, resType, constantNetwork(&src.Call, name)
}

// packetResult reports whether the function call calls says that its
// result j is a datagram socket (see funcAnalysis.packet).
func (e *engine) packetResult(call *ssa.CallCommon, j int) bool {
	fn := call.StaticCallee()
	if fn == nil || j >= 64 {
		return false
	}
	if e.summarizable(fn) {
		return e.analyze(bodyOf(fn)).packet&(1<<j) != 0
	}
	var fact funcFact
	obj := funcObject(fn)
	return obj != nil && e.pass.ImportObjectFact(obj, &fact) && fact.Packet&(1<<j) != 0
}

package analyzer

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// A class says how a value relates to the tracked resource.
type class uint8

const (
	isResource      class = iota + 1 // the resource or an alias of it
	isReader                         // a reader or writer built on the resource (borrowed)
	isCell                           // the address of a local variable or field holding the resource
	isStruct                         // a local struct (its address) with the resource in a field
	isStructVal                      // a copy of such a struct
	isStructCell                     // a local variable holding such a struct's address
	isCloser                         // a func value that closes the resource on every path
	isBorrowFunc                     // a func value that uses the resource without closing or keeping it
	isPartialCloser                  // a func value that closes the resource on some paths only
	isErrCloser                      // a func value that closes it whenever a captured error variable is non-nil
)

// An eventKind is what an instruction does to the tracked resource.
type eventKind uint8

const (
	evNone       eventKind = iota
	evDrain                // reads a response body to io.EOF (see tracker.drains)
	evOverwrite            // the variable holding it gets a new acquisition
	evHandoff              // a goroutine takes it and may leave it open (see tracker.handoffs)
	evCloseOnErr           // a deferred call closes it on the error returns that follow
	evFailOpen             // a call keeps it on success only (see tracker.failOpenErrs)
	evPark                 // stores it in a field of the method's receiver (see parkInReceiver)
	evRelease              // closes it, or hands it to code that closes it on every path
	evReturn               // returns it (or a struct owning it) to the caller
	evEscape               // ownership leaves the function: stay silent
)

// A tracker follows one resource through a function: which values are
// aliases of it, and which instructions release it, let it escape, or read
// from it.
type tracker struct {
	e        *engine
	classes  map[ssa.Value]class
	field    map[ssa.Value]int             // for isStruct/isStructVal: the field index
	events   map[ssa.Instruction]eventKind // what each instruction does
	readErrs map[ssa.Value]token.Pos       // error results of reads -> the read's position
	scans    map[ssa.Value]token.Pos       // bool results of Scan-like reads
	handoffs map[ssa.Instruction]*Exit     // for evHandoff: where the goroutine leaves it open
	closures map[ssa.Value]summary         // what each closure capturing it does with it
	// returnedAt holds the indices of the results it is returned as;
	// wrappedAt those it is returned inside a struct that cannot close it
	// (see nonOwningWrapper), and wrappedBy, per such return, that
	// struct's type.
	returnedAt map[int]bool
	wrappedAt  map[int]bool
	wrappedBy  map[*ssa.Return]types.Type
	// forgets, per return of a struct holding the resource in a field
	// its type never closes (see engine.forgottenField), that field.
	forgets map[*ssa.Return]*types.Var
	// laterReturns are the returns of a result variable whose stored
	// value was not yet classified when its load was (see returnUse):
	// run looks at them again once the worklist is empty.
	laterReturns []laterReturn
	// returnedVia maps a call's result that a callee returned the
	// resource as, without closing it when it fails (see returnedBy), to
	// that call; failReturns are the returns of such a result together
	// with the call's own error (return newClient(conn)): where the call
	// failed, the caller's caller gets an error and the resource is lost.
	returnedVia map[ssa.Value]ssa.CallInstruction
	failReturns map[*ssa.Return]bool
	// nonNilCell, when set, is a captured error variable the walk
	// assumes non-nil (see engine.errCloser).
	nonNilCell ssa.Value
	// ignoreEscapes makes the flow walk on past transfers (see
	// engine.paramLeaks).
	ignoreEscapes bool
	// ownsParked makes the flow walk on past calls handed the receiver
	// the resource is parked in (see receiverOnly).
	ownsParked bool
	// closedOnErr holds error results of calls that close the resource
	// when they fail (see summary.closesElse).
	closedOnErr map[ssa.Value]bool
	// failureCloses is set when a call given the resource closes it where
	// it fails (summary.closesElse or closesOnErr): those failure edges,
	// pruned from the walk, are paths that release it.
	failureCloses bool
	// deadlineErrs holds error results of deadline setters called on the
	// resource through net.Conn: where the acquisition fixed its type to
	// one of net's (typeFixed), they fail only on a closed conn.
	deadlineErrs map[ssa.Value]bool
	// failOpenErrs holds error results of calls that keep the resource
	// on success and leave it to the caller on failure (summary.openOnErr).
	failOpenErrs map[ssa.Value]bool
	// rivals are the other acquisitions assigned to the variable that
	// holds it: reaching one overwrites it.
	rivals rivals
	// shared, when set, is the tracker of the variable that alone holds
	// the resource past its region, whose tails it shares (see
	// cellGroup); cell is set on such a tracker: its variable.
	shared *tracker
	cell   *ssa.Alloc
	// known holds the conditions whose value the paths from the
	// acquisition know (see knownConds); knownKey names them.
	known    map[ssa.Value]bool
	knownKey string
	// typeFixed: the acquirer's package fixes the resource's concrete
	// type (see typeFixingPackages).
	typeFixed bool
	// upgradeResp, when set, is the handshake response of a conn
	// acquisition that also returns one (a websocket dial): on success
	// its status is 101 Switching Protocols (see handshakeStatus).
	upgradeResp ssa.Value
	// parks, when set, is the pointer receiver of the method whose
	// acquisition this tracker follows: a store of the resource into one
	// of its fields parks it there (see parkInReceiver).
	parks *ssa.Parameter
	// parkedBy are the stores that parked it there: a load of the field
	// that none of them reaches reads whatever the receiver held before.
	parkedBy []ssa.Instruction
	// parkedAtStart: the walk starts with the resource already parked
	// in the receiver (see engine.parkingCallLeak).
	parkedAtStart bool
	// drains: the resource is a response body, which a call in
	// readsToEOF leaves holding no socket (see flowState.drained).
	drains bool
	// drainedBy names the first callee that may read it to io.EOF on some
	// of its paths only (see summary.drains): a drained leak is then
	// uncertain, not certain, to hold no socket.
	drainedBy string
	// cancelled: a deferred call cancels the context of the response's
	// request, so at every return net/http has closed its connection
	// (see cancelledAtReturn).
	cancelled bool
	// head: the response answers a HEAD request (see headRequest).
	head bool
	// summarizing: the walk sums up what a function does with a value
	// passed to it (see engine.summarize), not an acquisition's leaks.
	summarizing bool
	// passThrough are the readers built on it whose reads to io.EOF
	// read it to io.EOF (see passThroughReaders).
	passThrough map[ssa.Value]bool
	// bodyReads are the reads (by position) of a response body itself,
	// or through a passThrough reader (see markBodyRead), when bodyRoot:
	// the tracker follows a response body (or a reader parameter that may
	// be one), not a conn.
	bodyReads map[token.Pos]bool
	bodyRoot  bool
	// goOwners are the go statements that hand it to a function of this
	// package owning its parameter (see engine.calleeOwns).
	goOwners []goOwner
	// sends: some path sends it on a channel, handing it to the
	// receiver (see sendUse).
	sends bool
	// maybeSent are the selects that send it in their one case and go on
	// with it in their empty default: a path past one goes on with it
	// open, and the function may have handed it on.
	maybeSent map[ssa.Instruction]bool
	// deferredWithFn and deferredWithVal cache deferredWith for one
	// function.
	deferredWithFn  *ssa.Function
	deferredWithVal bool
	work            []ssa.Value
}

// rivals are the acquisitions assigned to one variable, shared by the
// trackers of all of them.
type rivals struct {
	obj   types.Object
	of    map[*ssa.Call]types.Object // every acquisition's variable, or none
	calls []*ssa.Call                // the acquisitions assigned to obj
}

// overwrites reports whether instr, an instruction other than the
// tracked acquisition, is an acquisition into the same variable.
func (r *rivals) overwrites(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	return ok && r.obj != nil && r.of[call] == r.obj
}

// newTracker returns a tracker for e that follows nothing yet (see add).
func newTracker(e *engine) *tracker {
	return &tracker{
		e:        e,
		classes:  make(map[ssa.Value]class),
		field:    make(map[ssa.Value]int),
		events:   make(map[ssa.Instruction]eventKind),
		readErrs: make(map[ssa.Value]token.Pos),
		scans:    make(map[ssa.Value]token.Pos),
		handoffs: make(map[ssa.Instruction]*Exit),
		closures: make(map[ssa.Value]summary),

		passThrough: make(map[ssa.Value]bool),
		bodyReads:   make(map[token.Pos]bool),

		closedOnErr:  make(map[ssa.Value]bool),
		deadlineErrs: make(map[ssa.Value]bool),
		failOpenErrs: make(map[ssa.Value]bool),

		returnedAt: make(map[int]bool),
		wrappedAt:  make(map[int]bool),
		wrappedBy:  make(map[*ssa.Return]types.Type),
		forgets:    make(map[*ssa.Return]*types.Var),

		returnedVia: make(map[ssa.Value]ssa.CallInstruction),
		failReturns: make(map[*ssa.Return]bool),
	}
}

// firstReturnIndex returns the smallest result index it is returned as.
func (t *tracker) firstReturnIndex() int {
	first := -1
	for j := range t.returnedAt {
		if first < 0 || j < first {
			first = j
		}
	}
	return first
}

// add records that v has class c and schedules its uses for inspection.
func (t *tracker) add(v ssa.Value, c class) {
	if v == nil {
		return
	}
	if _, seen := t.classes[v]; seen {
		return
	}
	t.classes[v] = c
	t.work = append(t.work, v)
}

// event records what instr does; the strongest event wins.
func (t *tracker) event(instr ssa.Instruction, ev eventKind) {
	if ev > t.events[instr] {
		t.events[instr] = ev
	}
}

// run classifies every use of every value reachable from the seeds.
func (t *tracker) run() {
	for len(t.work) > 0 {
		v := t.work[len(t.work)-1]
		t.work = t.work[:len(t.work)-1]
		refs := v.Referrers()
		if refs == nil {
			continue
		}
		for _, instr := range *refs {
			t.use(v, instr)
		}
	}
	later := t.laterReturns
	t.laterReturns = nil
	for _, r := range later {
		if _, tracked := t.classes[storedValue(r.v)]; tracked {
			t.returnUse(r.v, r.c, r.ret) // adds events, no work
		}
	}
}

// use classifies one use of v by instr.
func (t *tracker) use(v ssa.Value, instr ssa.Instruction) {
	if _, ok := instr.(*ssa.DebugRef); ok {
		return
	}
	switch c := t.classes[v]; c {
	case isCloser, isBorrowFunc, isPartialCloser, isErrCloser:
		t.funcValueUse(v, c, instr)
	case isCell:
		t.cellUse(v, instr)
	case isStruct, isStructVal:
		t.structUse(v, c, instr)
	case isStructCell:
		t.structCellUse(v, instr)
	default:
		t.valueUse(v, c, instr)
	}
}

// valueUse classifies a use of the resource itself or of a reader on it.
func (t *tracker) valueUse(v ssa.Value, c class, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.ChangeType, *ssa.Convert, *ssa.Phi:
		t.add(in.(ssa.Value), c)
	case *ssa.TypeAssert:
		if in.CommaOk {
			t.add(extract(in, 0), c)
		} else {
			t.add(in, c)
		}
	case *ssa.FieldAddr:
		if c == isResource {
			t.resourceFieldAddr(in)
		}
	case *ssa.Field:
		if c == isResource && (isEmbedded(in.X.Type(), in.Field) || fieldCanHold(in.X.Type(), in.Field)) {
			t.add(in, isResource)
		}
	case ssa.CallInstruction:
		t.callUse(v, c, in)
	case *ssa.Store:
		if in.Val == v {
			t.storeUse(c, in)
		}
	case *ssa.MakeClosure:
		t.closureUse(v, c, in)
	case *ssa.Return:
		t.returnUse(v, c, in)
	case *ssa.MapUpdate, *ssa.Send, *ssa.Select:
		t.sendUse(v, instr)
	case *ssa.UnOp:
		t.derefUse(in, c)
	case *ssa.BinOp, *ssa.If, *ssa.Panic, *ssa.Extract,
		*ssa.Slice, *ssa.Index, *ssa.IndexAddr, *ssa.Lookup, *ssa.Range, *ssa.Next:
		// Reading a field, comparing, indexing: neither releases nor transfers.
	default:
		t.event(instr, evEscape)
	}
}

// sendUse classifies storing v in a map or sending it on a channel (a
// select's send case included): it escapes.
func (t *tracker) sendUse(v ssa.Value, instr ssa.Instruction) {
	if sel, ok := instr.(*ssa.Select); ok {
		if !slices.ContainsFunc(sel.States, func(st *ssa.SelectState) bool { return st.Send == v }) {
			return // received on, or only compared in, a select
		}
		t.selectSendUse(v, sel)
		return
	}
	if _, ok := instr.(*ssa.Send); ok {
		t.sends = true
	}
	t.event(instr, evEscape)
}

// resourceFieldAddr classifies the address of a field of the resource
// itself: an embedded struct's is the resource, a field that can hold a
// resource is a cell whose closing closes the resource.
func (t *tracker) resourceFieldAddr(in *ssa.FieldAddr) {
	switch {
	case isEmbedded(in.X.Type(), in.Field) && isStructType(structField(in.X.Type(), in.Field).Type()):
		// &c.conn: go/ssa calls promoted methods such as
		// (*net.TCPConn).Close on the embedded struct's address.
		t.add(in, isResource)
	case fieldCanHold(in.X.Type(), in.Field):
		// &resp.Body, &client.conn: closing what the resource owns
		// closes the resource.
		t.add(in, isCell)
	}
}

// extract returns the Extract #i of a tuple-valued v, or nil.
func extract(v ssa.Value, i int) ssa.Value {
	if v.Referrers() == nil {
		return nil
	}
	for _, r := range *v.Referrers() {
		if ex, ok := r.(*ssa.Extract); ok && ex.Index == i {
			return ex
		}
	}
	return nil
}

// errAliases returns v and the values that are v on the paths that come
// from v's definition: the phis v flows into, transitively, and loads of a
// local variable v is stored in (an err captured by a closure, or a named
// result, or a variable of the enclosing function) made in the same block
// before any other store to it.
func errAliases(v ssa.Value) []ssa.Value {
	if v == nil {
		return nil
	}
	out := []ssa.Value{v}
	seen := map[ssa.Value]bool{v: true}
	add := func(w ssa.Value) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	for i := 0; i < len(out); i++ {
		refs := out[i].Referrers()
		if refs == nil {
			continue
		}
		for _, r := range *refs {
			switch r := r.(type) {
			case *ssa.Phi:
				add(r)
			case *ssa.Store:
				if isLocalCell(r.Addr) && r.Val == out[i] {
					for _, load := range loadsAfter(r) {
						add(load)
					}
				}
				if fa, ok := r.Addr.(*ssa.FieldAddr); ok && r.Val == out[i] {
					for _, load := range fieldLoadsAfter(r, fa) {
						add(load)
					}
				}
			}
		}
	}
	return out
}

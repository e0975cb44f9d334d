package analyzer

// This file answers, for the finders that follow a resource into a field
// of a struct (pumps.go, closeearly.go), where what a field holds comes
// from: whether every store to it is a fresh acquisition (directly, or
// through a constructor's parameter) kept nowhere else, and whether a
// handler's parameter only ever gets such conns from go statements.

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// onlyHolder reports whether some function of the package stores a fresh
// acquisition in field, and every value stored there (but nil) is one
// that goes nowhere else: its only uses are that store, calls of its
// methods that do not release it, and borrowers (bufio.NewReader). A
// constructor's parameter counts when every call of the constructor in
// the package passes such a value (see givenFresh); a conn a caller gave
// is otherwise the caller's to close, and one also kept in a registry may
// be closed from there.
func (e *engine) onlyHolder(field *types.Var) bool {
	held := false
	for _, st := range e.fieldStores(field) {
		root := unconverted(st.Val)
		if isNilConst(root) {
			continue // t.conn = nil after a Close: it holds nothing
		}
		if !e.storedOnly(root, st) || !e.freshAcquisition(root) && !e.givenFresh(root) {
			return false
		}
		held = true
	}
	return held
}

// isNilConst reports whether v is the constant nil.
func isNilConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// onlyGoFresh reports whether every call site of fn, and there is one,
// is a go statement that hands it, as its i-th parameter, a fresh
// acquisition used nowhere else (go s.handle(c) right after Accept).
func (e *engine) onlyGoFresh(fn *ssa.Function, i int) bool {
	sites := e.callSitesOf(fn)
	for _, site := range sites {
		g, ok := site.(*ssa.Go)
		if !ok || i >= len(g.Call.Args) {
			return false
		}
		arg := unconverted(g.Call.Args[i])
		if !e.freshAcquisition(arg) || !e.storedOnly(arg, g) {
			return false
		}
	}
	return len(sites) > 0
}

// givenFresh reports whether v is a parameter of a function of this
// package (a constructor: newConn(rwc)) to which every call site, and
// there is one, passes a fresh acquisition that it uses only there and
// in calls of methods that do not release it.
func (e *engine) givenFresh(v ssa.Value) bool {
	p, ok := v.(*ssa.Parameter)
	if !ok || p.Parent().Parent() != nil {
		return false
	}
	i := slices.Index(p.Parent().Params, p)
	sites := e.callSitesOf(p.Parent())
	for _, site := range sites {
		call, ok := site.(*ssa.Call)
		if !ok || i >= len(call.Call.Args) {
			return false
		}
		arg := unconverted(call.Call.Args[i])
		if !e.freshAcquisition(arg) || !e.storedOnly(arg, call) {
			return false
		}
	}
	return len(sites) > 0
}

// unconverted returns v without its interface conversions.
func unconverted(v ssa.Value) ssa.Value {
	for {
		switch w := v.(type) {
		case *ssa.MakeInterface:
			v = w.X
		case *ssa.ChangeInterface:
			v = w.X
		default:
			return v
		}
	}
}

// freshAcquisition reports whether v is the resource result of a call
// that acquires one.
func (e *engine) freshAcquisition(v ssa.Value) bool {
	return e.acquiredKind(v) != 0
}

// acquiredKind returns the kind of resource v is the result of acquiring,
// or 0.
func (e *engine) acquiredKind(v ssa.Value) Kind {
	var call *ssa.Call
	result := 0
	switch w := soleStoredValue(v).(type) {
	case *ssa.Extract:
		call, _ = w.Tuple.(*ssa.Call)
		result = w.Index
	case *ssa.Call:
		call = w
	}
	if call == nil {
		return 0
	}
	if a, ok := e.acquirerOf(&call.Call); ok && a.Result == result {
		return a.Kind
	}
	return 0
}

// connField reports whether field holds conns: its type is a conn's, or
// what the package stores in it are conns an acquirer returned (a
// *websocket.Conn, which has no Read method).
func (e *engine) connField(field *types.Var) bool {
	if paramKind(field.Type()) == Conn {
		return true
	}
	held := false
	for _, st := range e.fieldStores(field) {
		root := unconverted(st.Val)
		if isNilConst(root) {
			continue
		}
		if e.acquiredKind(root) != Conn {
			return false
		}
		held = true
	}
	return held
}

// storedOnly reports whether every use of v is st (its store, or the
// call it is handed to), a comparison, a call of one of its methods that
// does not release it, or a borrower; an interface conversion of v counts
// as v.
func (e *engine) storedOnly(v ssa.Value, st ssa.Instruction) bool {
	refs := v.Referrers()
	if refs == nil {
		return false // a constant, a global, a function: not a fresh value
	}
	for _, r := range *refs {
		if r == st {
			continue
		}
		switch in := r.(type) {
		case *ssa.MakeInterface, *ssa.ChangeInterface:
			if !e.storedOnly(in.(ssa.Value), st) {
				return false
			}
		case *ssa.Store:
			return false
		case *ssa.DebugRef:
		case *ssa.Call:
			if _, borrows := borrowers[e.fullName(calleeFunc(in.Common()))]; !borrows && !looksOnly(in.Common(), v) {
				return false
			}
		case *ssa.BinOp:
			if in.Op != token.EQL && in.Op != token.NEQ {
				return false
			}
		case ssa.CallInstruction:
			if _, borrows := borrowers[e.fullName(calleeFunc(in.Common()))]; !borrows && !looksOnly(in.Common(), v) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// keptInHolder reports whether v, a struct built here (a composite
// literal's allocation or a call's result) that was given the resource's
// holder or a reader on it, is only ever stored into a field of a struct
// that holds the resource: a part of the holder pointing back at it
// (`c.streams = newStreams(c)`, `c.streams = &streams{conn: c}`), which
// lives and dies with the holder and takes nothing from it.
func (t *tracker) keptInHolder(v ssa.Value) bool {
	switch v.(type) {
	case *ssa.Alloc, *ssa.Call:
	default:
		return false
	}
	stored := false
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if _, isAlloc := v.(*ssa.Alloc); !isAlloc || !onlyStoredTo(r) {
				return false
			}
		case *ssa.Store:
			fa, ok := r.Addr.(*ssa.FieldAddr)
			if !ok || r.Val != v || t.classes[fa.X] != isStruct {
				return false
			}
			stored = true
		default:
			return false
		}
	}
	return stored
}

// onlyStoredTo reports whether every use of addr is a store to it.
func onlyStoredTo(addr ssa.Value) bool {
	for _, r := range *addr.Referrers() {
		if s, ok := r.(*ssa.Store); !ok || s.Addr != addr {
			return false
		}
	}
	return true
}

// soleStoredValue returns, for a load of a local variable that lives in
// memory (its address is taken: golog.Trace("open", "conn", &c)) and is
// stored once, before the load on every path, the value stored;
// otherwise v itself.
func soleStoredValue(v ssa.Value) ssa.Value {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return v
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok {
		return v
	}
	var store *ssa.Store
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
			if store != nil {
				return v
			}
			store = st
		}
	}
	if store == nil || !before(store, load) {
		return v // (a load the store does not dominate may read the zero value)
	}
	return store.Val
}

package analyzer

// This file knows the goroutine methods that own a field of their
// receiver: a conn the package acquired and parked in an unexported field
// that no code of the package ever closes or hands on (see
// forgottenField), pumped by methods the package starts as goroutines
// (go c.readPump()). Nothing will ever close such a conn, so each return
// of a pump leaves it open: the fix goes there (a deferred c.conn.Close()).

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// pumpLeaks returns the leaks of the conn fields of fn's receiver that
// fn, a method of one of this package's struct types that the package
// starts as a goroutine, is the last to hold: no code of the package
// other than fn closes the field (see closedOnlyIn), nothing hands it on
// (see ownFieldOnly), and it only ever holds conns the package acquired
// and kept nowhere else (see onlyHolder). Each return of fn that leaves
// it open leaks it for good.
func (e *engine) pumpLeaks(fn *ssa.Function) []*Leak {
	recv := receiverParam(fn)
	if recv == nil || fn.Parent() != nil || len(fn.Blocks) == 0 {
		return nil
	}
	start := e.goStart(fn)
	if !start.IsValid() {
		return nil
	}
	ptr, st := structReceiver(recv)
	if st == nil {
		return nil
	}
	var leaks []*Leak
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if _, private := e.privateField(ptr, i); private == nil || !e.connField(f) ||
			!e.ownFieldOnly(f) || !e.onlyHolder(f) || !e.closedOnlyIn(f, fn) {
			continue
		}
		loads := fieldLoads(fn, recv, i)
		if len(loads) == 0 {
			continue // this goroutine does not use the conn
		}
		var readers []ssa.Value
		for j := 0; j < st.NumFields(); j++ {
			if j != i && e.readerField(st.Field(j), f) {
				readers = append(readers, fieldLoads(fn, recv, j)...)
			}
		}
		res := e.fieldFlow(fn, loads, readers)
		if len(res.exits) == 0 || res.escaped {
			continue
		}
		owner := &fieldOwner{method: fn.Name(), field: f.Name(), start: start, closes: res.released}
		leaks = append(leaks, e.fieldLeak(Conn, recv, f, res.exits, owner))
	}
	return leaks
}

// fieldFlow walks fn from its entry with the loads of a field of its
// receiver as the resource (and readers built on it), open from the
// start.
func (e *engine) fieldFlow(fn *ssa.Function, loads, readers []ssa.Value) flowResult {
	t := newTracker(e)
	for _, v := range loads {
		t.add(v, isResource)
	}
	for _, v := range readers {
		t.add(v, isReader)
	}
	t.run()
	return t.flow(fn, fn.Blocks[0], 0, nil, nil)
}

// fieldLeak builds the leak of field f of recv, left open at exits by
// the method owner names.
func (e *engine) fieldLeak(kind Kind, recv *ssa.Parameter, f *types.Var, exits []Exit, owner *fieldOwner) *Leak {
	return &Leak{
		Kind:  kind,
		Call:  recv.Pos(),
		Type:  typeString(f.Type(), e.pass.Pkg),
		Var:   recv.Name() + "." + f.Name(),
		Exits: sortExits(exits),
		owner: owner,
	}
}

// closedOnlyIn reports whether every function of the package that closes
// what field holds is fn, a function literal in it, or a function that
// only fn calls.
func (e *engine) closedOnlyIn(field *types.Var, fn *ssa.Function) bool {
	for _, g := range e.srcFuncs {
		if !closesField(g, field) {
			continue
		}
		inside := g == fn
		for p := g.Parent(); p != nil && !inside; p = p.Parent() {
			inside = p == fn
		}
		if !inside {
			sites := e.callSitesOf(g)
			inside = len(sites) > 0
			for _, c := range sites {
				inside = inside && c.Parent() == fn
			}
		}
		if !inside {
			return false
		}
	}
	return true
}

// closesField reports whether fn calls a release method on a value it
// loads from field.
func closesField(fn *ssa.Function, field *types.Var) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			m := calleeFunc(call.Common())
			if m == nil || !releaseMethods[m.Name()] {
				continue
			}
			if load, ok := receiverOf(call.Common()).(*ssa.UnOp); ok && load.Op == token.MUL {
				if fa, ok := load.X.(*ssa.FieldAddr); ok && structField(fa.X.Type(), fa.Field) == field {
					return true
				}
			}
		}
	}
	return false
}

// readerField reports whether every store the package makes to field g is
// a reader a borrower builds (bufio.NewReader(c)) on a value it also
// stores in field f: reads through g are reads of f's conn.
func (e *engine) readerField(g, f *types.Var) bool {
	stored := false
	for _, st := range e.fieldStores(g) {
		call, ok := unconverted(st.Val).(*ssa.Call)
		if !ok {
			return false
		}
		b, ok := borrowers[e.fullName(calleeFunc(&call.Call))]
		if !ok || !b.Derives || !slices.ContainsFunc(call.Call.Args, func(a ssa.Value) bool { return storesTo(unconverted(a), f) }) {
			return false
		}
		stored = true
	}
	return stored
}

// storesTo reports whether v is stored in field f.
func storesTo(v ssa.Value, f *types.Var) bool {
	for _, r := range *v.Referrers() {
		switch in := r.(type) {
		case *ssa.Store:
			if fa, ok := in.Addr.(*ssa.FieldAddr); ok && in.Val == v && structField(fa.X.Type(), fa.Field) == f {
				return true
			}
		case *ssa.MakeInterface:
			if storesTo(in, f) {
				return true
			}
		}
	}
	return false
}

// A fieldOwner says which method leaves which field of its receiver
// open: a goroutine method, started at start, that leaves a forgotten
// field open (see pumpLeaks), or, where start is NoPos, a Close that
// returns early (see earlyCloseLeaks).
type fieldOwner struct {
	method, field string
	start         token.Pos
	closes        bool // the goroutine method closes it on other paths
}

// structReceiver returns the type of recv, a pointer to a struct, and
// that struct, or nils.
func structReceiver(recv *ssa.Parameter) (*types.Pointer, *types.Struct) {
	ptr, ok := types.Unalias(recv.Type()).(*types.Pointer)
	if !ok {
		return nil, nil
	}
	st, ok := ptr.Elem().Underlying().(*types.Struct)
	if !ok {
		return nil, nil
	}
	return ptr, st
}

// goStart returns the position of the first go statement of this package
// whose static callee is fn, or NoPos.
func (e *engine) goStart(fn *ssa.Function) token.Pos {
	for _, call := range e.callSitesOf(fn) {
		if g, ok := call.(*ssa.Go); ok {
			return g.Pos()
		}
	}
	return token.NoPos
}

// fieldLoads returns the loads in fn of field i of the struct recv
// points to, also through the variable a closure captures recv in.
func fieldLoads(fn *ssa.Function, recv ssa.Value, i int) []ssa.Value {
	var loads []ssa.Value
	for _, instr := range *recv.Referrers() {
		switch in := instr.(type) {
		case *ssa.FieldAddr:
			if in.Field != i {
				continue
			}
			for _, r := range *in.Referrers() {
				if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
					loads = append(loads, load)
				}
			}
		case *ssa.Store:
			if cell, ok := in.Addr.(*ssa.Alloc); ok && in.Val == recv && storedOnce(cell) {
				for _, r := range *cell.Referrers() {
					if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
						loads = append(loads, fieldLoads(fn, load, i)...)
					}
				}
			}
		}
	}
	return loads
}

// storedOnce reports whether one store writes the variable cell.
func storedOnce(cell *ssa.Alloc) bool {
	n := 0
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
			n++
		}
	}
	return n == 1
}

// onlyHolder reports whether some function of the package stores a fresh
// acquisition in field, and every such acquisition goes nowhere else: its
// only uses are that store, calls of its methods that do not release it,
// and borrowers (bufio.NewReader). A conn the package was given (a
// constructor's parameter) is its giver's to close; one also kept in a
// registry may be closed from there.
func (e *engine) onlyHolder(field *types.Var) bool {
	stores := e.fieldStores(field)
	for _, st := range stores {
		root := unconverted(st.Val)
		if !e.storedOnly(root, st) || !e.freshAcquisition(root) && !e.givenFresh(root) {
			return false
		}
	}
	return len(stores) > 0
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

// fieldStores returns the package's stores to field.
func (e *engine) fieldStores(field *types.Var) []*ssa.Store {
	var stores []*ssa.Store
	for _, fn := range e.srcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if fa, ok := st.Addr.(*ssa.FieldAddr); ok && structField(fa.X.Type(), fa.Field) == field {
						stores = append(stores, st)
					}
				}
			}
		}
	}
	return stores
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
	switch w := v.(type) {
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
	stores := e.fieldStores(field)
	for _, st := range stores {
		if e.acquiredKind(unconverted(st.Val)) != Conn {
			return false
		}
	}
	return len(stores) > 0
}

// storedOnly reports whether every use of v is st (its store, or the
// call it is handed to), a comparison, a call of one of its methods that
// does not release it, or a borrower; an interface conversion of v counts
// as v.
func (e *engine) storedOnly(v ssa.Value, st ssa.Instruction) bool {
	for _, r := range *v.Referrers() {
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

package analyzer

// This file knows the goroutine methods that own a field of their
// receiver: a conn the package acquired and parked in an unexported field
// of a struct, served by a method the package starts as a goroutine (go
// c.readPump(), go c.serve()) that is the only code closing the field, if
// any code does (a websocket hub's clients, whose conn no code closes; a
// session that closes its conn on QUIT only). When that method returns
// with the field open, nothing will ever close the conn: each such return
// is reported there, where the fix goes (a deferred c.conn.Close()).

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
	for _, g := range e.fieldClosers(field) {
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
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
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

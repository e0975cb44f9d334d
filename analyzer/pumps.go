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

	"golang.org/x/tools/go/ssa"
)

// pumpLeaks returns the leaks of the forgotten conn fields of fn's
// receiver, if fn is a method of one of this package's struct types that
// the package starts as a goroutine.
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
		if _, private := e.privateField(ptr, i); private == nil || paramKind(f.Type()) != Conn || !e.neverReleased(f) || !e.onlyHolder(f) {
			continue
		}
		loads := fieldLoads(fn, recv, i)
		if len(loads) == 0 {
			continue // this goroutine does not use the conn
		}
		t := newTracker(e)
		for _, v := range loads {
			t.add(v, isResource)
		}
		t.run()
		res := t.flow(fn, fn.Blocks[0], 0, nil, nil)
		if len(res.exits) == 0 || res.released || res.escaped {
			continue
		}
		leaks = append(leaks, &Leak{
			Kind:  Conn,
			Call:  recv.Pos(),
			Type:  typeString(f.Type(), e.pass.Pkg),
			Var:   recv.Name() + "." + f.Name(),
			Exits: sortExits(res.exits),
			owner: &fieldOwner{method: fn.Name(), field: f.Name(), start: start},
		})
	}
	return leaks
}

// A fieldOwner says which method leaves which field of its receiver
// open: a goroutine method, started at start, that leaves a forgotten
// field open (see pumpLeaks), or, where start is NoPos, a Close that
// returns early (see earlyCloseLeaks).
type fieldOwner struct {
	method, field string
	start         token.Pos
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
// only uses are that store and calls of its methods that do not release
// it. A conn the package was given (a constructor's parameter) is its
// giver's to close; one also kept in a registry may be closed from there.
func (e *engine) onlyHolder(field *types.Var) bool {
	stored := false
	for _, fn := range e.srcFuncs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok || structField(fa.X.Type(), fa.Field) != field {
					continue
				}
				root := unconverted(st.Val)
				if !e.freshAcquisition(root) || !storedOnly(root, st) {
					return false
				}
				stored = true
			}
		}
	}
	return stored
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
	switch w := v.(type) {
	case *ssa.Extract:
		call, ok := w.Tuple.(*ssa.Call)
		if !ok {
			return false
		}
		a, ok := e.acquirerOf(&call.Call)
		return ok && a.Result == w.Index
	case *ssa.Call:
		a, ok := e.acquirerOf(&w.Call)
		return ok && a.Result == 0
	}
	return false
}

// storedOnly reports whether every use of v is the store st, a
// comparison, or a call of one of its methods that does not release it;
// an interface conversion of v counts as v.
func storedOnly(v ssa.Value, st *ssa.Store) bool {
	for _, r := range *v.Referrers() {
		switch in := r.(type) {
		case *ssa.MakeInterface, *ssa.ChangeInterface:
			if !storedOnly(in.(ssa.Value), st) {
				return false
			}
		case *ssa.Store:
			if in != st {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.BinOp:
			if in.Op != token.EQL && in.Op != token.NEQ {
				return false
			}
		case ssa.CallInstruction:
			if !looksOnly(in.Common(), v) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

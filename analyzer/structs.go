package analyzer

// This file follows a resource into a struct allocated in the function
// under analysis: the struct (or a variable holding it) owns the resource
// until it is returned, stored or handed on.

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// holdsThere reports whether the struct v holds the resource at instr:
// always, unless v is the receiver the resource is parked in and no
// parking store can have run before instr.
func (t *tracker) holdsThere(v ssa.Value, instr ssa.Instruction) bool {
	return t.parks == nil || receiverValue(v) != t.parks || t.parkedBefore(instr)
}

// structUse classifies a use of a local struct holding the resource.
func (t *tracker) structUse(v ssa.Value, c class, instr ssa.Instruction) {
	f := t.field[v]
	switch in := instr.(type) {
	case *ssa.FieldAddr:
		if c == isStruct && in.Field == f && t.holdsThere(v, in) {
			t.add(in, isCell)
		}
	case *ssa.Field:
		if c == isStructVal && in.Field == f {
			t.add(in, isResource)
		}
	case *ssa.UnOp:
		if c == isStruct && in.Op == token.MUL {
			t.field[in] = f
			t.add(in, isStructVal)
		}
	case *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType, *ssa.Phi:
		// &io.LimitedReader{R: body} as an io.Reader; a variable set
		// to the struct on one path (if resp != nil { result =
		// &Response{resp} }).
		if c == isStruct {
			t.field[in.(ssa.Value)] = f
			t.add(in.(ssa.Value), isStruct)
			return
		}
		t.event(instr, evEscape)
	case *ssa.BinOp: // result != nil
	case *ssa.Return:
		t.returnUse(v, c, in) // return &Client{conn: c}: the caller owns it
	case ssa.CallInstruction:
		t.structCallUse(v, c, in)
	case *ssa.Store:
		if in.Val == v {
			t.structStore(v, c, f, in)
		}
	default:
		t.event(instr, evEscape)
	}
}

// structStore classifies storing v, a struct of class c holding the
// resource in field f: into a local variable (a copy that lives on), or
// into a part of a struct holding the resource (c.streams =
// &streams{conn: c}, c.streams = newStreams(c)), neither of which takes
// it; anywhere else, a transfer.
func (t *tracker) structStore(v ssa.Value, c class, f int, in *ssa.Store) {
	if alloc, ok := in.Addr.(*ssa.Alloc); ok && c == isStructVal {
		t.field[alloc] = f // s := T{conn: c}: the copy lives in a local too
		t.add(alloc, isStruct)
		return
	}
	if alloc, ok := in.Addr.(*ssa.Alloc); ok && c == isStruct && isLocalCell(alloc) {
		// A variable a closure captures (func() { return cn.conf.User }):
		// its loads are the struct.
		t.field[alloc] = f
		t.add(alloc, isStructCell)
		return
	}
	if fa, ok := in.Addr.(*ssa.FieldAddr); ok && (t.keptInHolder(fa.X) || t.classes[fa.X] == isStruct && fa.X != v) {
		return
	}
	if fa, ok := in.Addr.(*ssa.FieldAddr); ok && c == isStruct && t.nestsHolder(v, fa) {
		// &sender{conn: &connConnection{conn: c}}: the outer struct
		// holds the inner one, which holds the resource; the inner one
		// is used nowhere else, so the outer one is the holder now, and
		// what its field gives back stands for the resource.
		t.field[fa.X] = fa.Field
		t.add(fa.X, isStruct)
		return
	}
	t.event(in, evEscape)
}

// nestsHolder reports whether storing v, a struct built here that holds
// the resource, into field fa makes fa's struct its holder: that struct
// is one allocated here (a composite literal of this package's type),
// not yet followed, and v (or the struct under its interface
// conversion) is used only to be built and stored there.
func (t *tracker) nestsHolder(v ssa.Value, fa *ssa.FieldAddr) bool {
	outer, ok := fa.X.(*ssa.Alloc)
	if !ok || !outer.Heap || t.classes[outer] != 0 || !t.e.localStruct(outer.Type()) {
		return false
	}
	inner := v
	if mi, ok := v.(*ssa.MakeInterface); ok {
		if len(*mi.Referrers()) != 1 {
			return false
		}
		inner = mi.X
	}
	alloc, ok := inner.(*ssa.Alloc)
	if !ok || !alloc.Heap || !t.e.localStruct(alloc.Type()) {
		return false
	}
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if !onlyStoredTo(r) {
				return false
			}
		case *ssa.DebugRef:
		case *ssa.Store:
			if r.Val != alloc || r.Addr != ssa.Value(fa) {
				return false
			}
		case *ssa.MakeInterface:
			if r != v {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// localStruct reports whether t is a pointer to a struct type of this
// package.
func (e *engine) localStruct(t types.Type) bool {
	ptr, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	return ok && named.Obj().Pkg() == e.pass.Pkg && isStructType(named)
}

// structCell returns the local variable x is loaded from if every value
// stored in it is a struct allocated in this function, nil, or its own
// value (as `return cn, err` stores a named result), else nil.
func structCell(x ssa.Value) *ssa.Alloc {
	load, ok := x.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil
	}
	cell, ok := load.X.(*ssa.Alloc)
	if !ok {
		return nil
	}
	for _, r := range *cell.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == cell {
			_, fresh := st.Val.(*ssa.Alloc)
			if !fresh && !isNil(st.Val) && !isLoadOf(st.Val, cell) {
				return nil
			}
		}
	}
	return cell
}

// structCellUse classifies a use of a local variable holding the address
// of a struct that holds the resource: loads of it are the struct.
func (t *tracker) structCellUse(v ssa.Value, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.UnOp:
		if in.Op == token.MUL {
			t.field[in] = t.field[v]
			t.add(in, isStruct)
		}
	case *ssa.Store:
		if in.Val == v {
			t.event(in, evEscape) // the variable's address is stored
		}
	case *ssa.MakeClosure:
		t.closureUse(v, isStructCell, in)
	default:
		t.event(instr, evEscape)
	}
}

// isEmbedded reports whether field i of the struct t (or *t) is embedded.
func isEmbedded(t types.Type, i int) bool {
	f := structField(t, i)
	return f != nil && f.Embedded()
}

// isStructType reports whether t is a struct (not a pointer or interface).
func isStructType(t types.Type) bool {
	_, ok := t.Underlying().(*types.Struct)
	return ok
}

// copiedHolder returns, for a load that copies the struct a pointer
// points to (*resp), the field of that struct that can hold a resource
// (an *http.Response's Body), or -1.
func copiedHolder(load *ssa.UnOp) int {
	if load.Op != token.MUL {
		return -1
	}
	st, ok := load.Type().Underlying().(*types.Struct)
	if !ok {
		return -1
	}
	for i := 0; i < st.NumFields(); i++ {
		if canHoldResource(st.Field(i).Type()) {
			return i
		}
	}
	return -1
}

// fieldCanHold reports whether field i of the struct t (or *t) can hold a
// resource: the Body of an http.Response, the conn of a user's client.
func fieldCanHold(t types.Type, i int) bool {
	f := structField(t, i)
	return f != nil && canHoldResource(f.Type())
}

// structField returns field i of the struct t (or *t), or nil.
func structField(t types.Type, i int) *types.Var {
	if ptr, ok := t.Underlying().(*types.Pointer); ok {
		t = ptr.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	return st.Field(i)
}

// heldPast reports whether a struct of this function that holds the
// resource is used after instr, which assigns a new acquisition to the
// resource's variable: the struct still holds the old one (result =
// &Response{resp}; …; resp, err = c.Do(redirect); …; return result), so
// the assignment loses nothing.
func (t *tracker) heldPast(instr ssa.Instruction) bool {
	for v, c := range t.classes {
		if c == isStruct && v.Parent() == instr.Parent() && usedAfter(v, instr) {
			return true
		}
	}
	return false
}

// localRelease reports whether callee, called on the resource, is a
// method of this package named as a release (see isLocalRelease).
func (e *engine) localRelease(callee *types.Func) bool {
	return isLocalRelease(callee, e.pass.Pkg)
}

// isLocalRelease reports whether callee is a method of pkg whose name
// starts with close or shutdown, in any case: what stands for the
// resource may be a struct of the package that holds it (see
// nestsHolder), whose own close method, or its interface's, closes it.
func isLocalRelease(callee *types.Func, pkg *types.Package) bool {
	if callee.Pkg() != pkg || callee.Type().(*types.Signature).Recv() == nil {
		return false
	}
	return closeName(callee.Name()) && !isPredicateSig(callee.Type().(*types.Signature))
}

// closeName reports whether name, in any case, starts with close or
// shutdown, and does not ask or name a state (Closed, closing, Closer,
// CloseNotify).
func closeName(name string) bool {
	lower := strings.ToLower(name)
	for _, state := range []string{"closed", "closing", "closer", "closenotify"} {
		if strings.HasPrefix(lower, state) {
			return false
		}
	}
	return strings.HasPrefix(lower, "close") || strings.HasPrefix(lower, "shutdown")
}

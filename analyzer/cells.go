package analyzer

import (
	"go/token"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// This file follows the resource through local variables that live in
// memory (an Alloc cell: a variable captured by a closure, or one whose
// address is taken): a store into the cell and the loads that read that
// store back.

// readerKept reports whether st, which stores a reader built on the
// resource, keeps it where it still only borrows the resource: beside it
// in a local struct (a bufio.Reader kept with the conn), in a variable a
// closure captures (enc := json.NewEncoder(c)), or in a part of the
// resource's holder (c.streamer = &streamer{r: c.bufr}). A reader cannot
// close the resource, wherever it goes.
func (t *tracker) readerKept(st *ssa.Store) bool {
	switch addr := st.Addr.(type) {
	case *ssa.FieldAddr:
		_, local := addr.X.(*ssa.Alloc)
		return local || t.keptInHolder(addr.X)
	case *ssa.Alloc:
		return true
	}
	return false
}

// storeUse classifies storing a value of class c somewhere.
func (t *tracker) storeUse(c class, st *ssa.Store) {
	if c == isReader && t.readerKept(st) {
		return
	}
	if c != isResource {
		t.event(st, evEscape)
		return
	}
	switch addr := st.Addr.(type) {
	case *ssa.Alloc:
		t.add(addr, isCell)
		return
	case *ssa.FieldAddr:
		if t.parkInReceiver(st, addr) {
			return
		}
		if alloc, ok := addr.X.(*ssa.Alloc); ok {
			if f := structField(alloc.Type(), addr.Field); f != nil && cannotClose(f.Type()) && !t.e.closedThroughAssertion(f) {
				// &io.LimitedReader{R: c}: a reader on it, which cannot
				// close it; storing that reader beside it (a
				// constructor's lr field) is still a borrow.
				t.add(alloc, isReader)
				return
			}
			if f, seen := t.field[alloc]; !seen || f == addr.Field {
				t.field[alloc] = addr.Field
				t.add(alloc, isStruct)
				t.add(addr, isCell)
				return
			}
		}
		// cn.c = tls.Client(cn.c, cfg): back into the field of the
		// struct that owns it.
		if c := t.classes[addr.X]; (c == isStruct) && t.field[addr.X] == addr.Field {
			t.add(addr, isCell)
			return
		}
		// cn.c = conn, where cn is a local variable (a named result, one
		// a closure captures) that only ever holds structs allocated here.
		if cell := structCell(addr.X); cell != nil {
			if f, seen := t.field[cell]; !seen || f == addr.Field {
				t.field[cell] = addr.Field
				t.add(cell, isStructCell)
				t.add(addr, isCell)
				return
			}
		}
	}
	if ia, ok := st.Addr.(*ssa.IndexAddr); ok && t.e.onlyFormatted(ia) {
		return // fmt.Errorf("bad status: %v", resp): printed, not kept
	}
	t.event(st, evEscape) // a global, a parameter's field, a slice element, …
}

// cellUse classifies a use of the address of a local holding the resource.
func (t *tracker) cellUse(v ssa.Value, instr ssa.Instruction) {
	switch in := instr.(type) {
	case *ssa.UnOp:
		if in.Op == token.MUL {
			t.add(in, isResource)
		}
	case *ssa.Store:
		if in.Val == v {
			t.event(in, evEscape) // the address itself is stored
		}
		// Storing into the cell overwrites it; the old value is the
		// flow's concern, not an escape.
	case *ssa.MakeClosure:
		t.closureUse(v, isCell, in)
	case *ssa.FieldAddr, *ssa.Field, *ssa.BinOp:
	case *ssa.MakeInterface:
		if !addressOnlyLogged(in) {
			t.event(instr, evEscape)
		}
	default:
		t.event(instr, evEscape)
	}
}

// isLocalCell reports whether addr is a variable of this function or one
// captured from the enclosing function.
func isLocalCell(addr ssa.Value) bool {
	switch addr.(type) {
	case *ssa.Alloc, *ssa.FreeVar:
		return true
	}
	return false
}

// loadsAfter returns the loads of st's address that follow st in its block
// with no store to the address in between, and the later loads that no
// other store can reach first (laterLoads).
func loadsAfter(st *ssa.Store) []ssa.Value {
	same := func(v ssa.Value) bool { return v == st.Addr }
	return append(blockLoadsAfter(st, same, nil), laterLoads(st)...)
}

// blockLoadsAfter returns the loads of an address that follow st in its
// block, up to the next store to that address or, when clobbers is not
// nil, the next call it says may change it; same recognises the address.
func blockLoadsAfter(st *ssa.Store, same func(ssa.Value) bool, clobbers func(ssa.CallInstruction) bool) []ssa.Value {
	var loads []ssa.Value
	after := false
	for _, instr := range st.Block().Instrs {
		if instr == st {
			after = true
			continue
		}
		if !after {
			continue
		}
		switch in := instr.(type) {
		case *ssa.Store:
			if same(in.Addr) {
				return loads
			}
		case ssa.CallInstruction:
			if clobbers != nil && clobbers(in) {
				return loads
			}
		case *ssa.UnOp:
			if in.Op == token.MUL && same(in.X) {
				loads = append(loads, in)
			}
		}
	}
	return loads
}

// laterLoads returns the loads of st's address in later blocks that no
// other store to the address can reach first on a path from st: in blocks
// that st's block dominates (`resp, err = rt.RoundTrip(req); attempt++;
// if attempt > max { return }; if err != nil`, with err a named result),
// and after a merge of paths that each stored their own value (`switch {
// case …: c, err = dialTCP(…) case …: c, err = dialUDP(…) }; if err !=
// nil`): on the paths from st, those loads read what st stored. Only for
// a variable whose address is used by nothing but loads, stores and
// closures that run when the function returns (a deferred trace hook).
func laterLoads(st *ssa.Store) []ssa.Value {
	refs := st.Addr.Referrers()
	if refs == nil {
		return nil
	}
	var closures []*ssa.MakeClosure // closures that may run before the function returns
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != st.Addr {
				return nil // the address itself is stored
			}
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.MakeClosure:
			if !onlyDeferred(r) {
				closures = append(closures, r)
			}
		default:
			return nil // a callee could change it
		}
	}
	var loads []ssa.Value
	var killed map[*ssa.BasicBlock]bool // blocks a path from another store enters
	for _, r := range *refs {
		load, ok := r.(*ssa.UnOp)
		if !ok || load.Op != token.MUL || load.Block() == st.Block() {
			continue
		}
		if slices.ContainsFunc(closures, func(mc *ssa.MakeClosure) bool { return !madeAfter(mc, load, st.Addr) }) {
			continue // a closure made before the load could have changed it
		}
		if st.Block().Dominates(load.Block()) {
			if !storedBetween(st, load) {
				loads = append(loads, load)
			}
			continue
		}
		if killed == nil {
			killed = enteredAfterOtherStores(st)
		}
		if !killed[load.Block()] && reaches(st.Block(), load.Block()) && !storedBefore(st.Addr, load) {
			loads = append(loads, load)
		}
	}
	return loads
}

// madeAfter reports whether the closure mc, which captures the variable
// whose address is addr, cannot have been made before load on any path:
// each path from mc to load passes the variable's allocation again,
// which makes a new variable (the goroutine an accept loop starts after
// its error checks, capturing that iteration's err).
func madeAfter(mc *ssa.MakeClosure, load *ssa.UnOp, addr ssa.Value) bool {
	alloc, ok := addr.(*ssa.Alloc)
	if !ok || alloc.Parent() != mc.Parent() {
		return false
	}
	if mc.Block() == load.Block() && indexIn(mc) < indexIn(load) {
		return false
	}
	if mc.Block() == alloc.Block() && indexIn(alloc) > indexIn(mc) {
		return false
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := slices.Clone(mc.Block().Succs)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[b] || b == alloc.Block() {
			continue
		}
		if b == load.Block() {
			return false
		}
		seen[b] = true
		work = append(work, b.Succs...)
	}
	return true
}

// indexIn returns instr's index in its block.
func indexIn(instr ssa.Instruction) int {
	return slices.Index(instr.Block().Instrs, instr)
}

// onlyDeferred reports whether every use of the closure mc is a defer
// statement that calls it: it runs when the function returns.
func onlyDeferred(mc *ssa.MakeClosure) bool {
	for _, r := range *mc.Referrers() {
		if d, ok := r.(*ssa.Defer); !ok || d.Call.Value != mc {
			return false
		}
	}
	return true
}

// enteredAfterOtherStores returns the blocks that a path from st enters
// after another store to st's address: the blocks reachable from a store
// that a path from st can execute (not a store before st in its block,
// nor one in a branch the paths from st never take).
func enteredAfterOtherStores(st *ssa.Store) map[*ssa.BasicBlock]bool {
	var work []*ssa.BasicBlock
	for _, r := range *st.Addr.Referrers() {
		o, ok := r.(*ssa.Store)
		if !ok || o == st || o.Addr != st.Addr {
			continue
		}
		if o.Block() == st.Block() && before(o, st) || o.Block() != st.Block() && !reaches(st.Block(), o.Block()) {
			continue
		}
		work = append(work, o.Block().Succs...)
	}
	return blocksFrom(work)
}

// blocksFrom returns the blocks reachable from starts, starts included.
func blocksFrom(starts []*ssa.BasicBlock) map[*ssa.BasicBlock]bool {
	seen := make(map[*ssa.BasicBlock]bool)
	work := slices.Clone(starts)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if !seen[b] {
			seen[b] = true
			work = append(work, b.Succs...)
		}
	}
	return seen
}

// reaches reports whether some path leads from block from to block to.
func reaches(from, to *ssa.BasicBlock) bool {
	return reachesAvoiding(from, to, nil)
}

// reachesAvoiding reports whether some path leads from block from to
// block to without entering block avoid (nil: any path).
func reachesAvoiding(from, to, avoid *ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{avoid: true}
	work := append([]*ssa.BasicBlock(nil), from.Succs...)
	for len(work) > 0 {
		b := work[len(work)-1]
		work = work[:len(work)-1]
		if b == to && b != avoid {
			return true
		}
		if !seen[b] {
			seen[b] = true
			work = append(work, b.Succs...)
		}
	}
	return false
}

// storedBefore reports whether load's block stores to addr before load.
func storedBefore(addr ssa.Value, load *ssa.UnOp) bool {
	for _, in := range load.Block().Instrs {
		if in == load {
			return false
		}
		if o, ok := in.(*ssa.Store); ok && o.Addr == addr {
			return true
		}
	}
	return false
}

// storedBetween reports whether some path from st to load (st's block
// dominates load's) can store to st's address again.
func storedBetween(st *ssa.Store, load *ssa.UnOp) bool {
	storesIn := func(instrs []ssa.Instruction) bool {
		for _, in := range instrs {
			if o, ok := in.(*ssa.Store); ok && o != st && o.Addr == st.Addr {
				return true
			}
		}
		return false
	}
	b := load.Block()
	for i, in := range b.Instrs {
		if in == load {
			if storesIn(b.Instrs[:i]) {
				return true
			}
			break
		}
	}
	stb := st.Block()
	after := stb.Instrs
	for i, in := range stb.Instrs {
		if in == st {
			after = stb.Instrs[i+1:]
		}
	}
	if storesIn(after) {
		return true
	}
	seen := map[*ssa.BasicBlock]bool{b: true, stb: true}
	work := append([]*ssa.BasicBlock(nil), b.Preds...)
	for len(work) > 0 {
		p := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[p] {
			continue
		}
		seen[p] = true
		if storesIn(p.Instrs) {
			return true
		}
		work = append(work, p.Preds...)
	}
	return false
}

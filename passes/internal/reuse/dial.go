package reuse

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// checkDialLoop reports connections dialed, used and closed in every
// iteration of a loop, to an address that does not change in the loop.
func (c *checker) checkDialLoop(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		loop := c.loopOf(b)
		if loop < 0 {
			continue
		}
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			network, addr, ok := table.Dialer(calleeName(&call.Call))
			a := args(&call.Call)
			if !ok || addr >= len(a) || !streamNetwork(a[network]) || !c.invariant(a[addr], fn, loop, 0) {
				continue
			}
			var conn ssa.Value
			for _, ref := range *call.Referrers() {
				if x, ok := ref.(*ssa.Extract); ok && x.Index == 0 {
					conn = x
				}
			}
			if conn == nil {
				continue
			}
			used, closed := false, false
			c.connUses(conn, loop, &used, &closed, make(map[ssa.Value]bool))
			if used && closed {
				info := c.names[call.Pos()]
				pos := info.start
				if !pos.IsValid() {
					pos = call.Pos()
				}
				c.reportFinding(pos, redial(info.name, info.text, funcName(fn)))
			}
		}
	}
}

// streamNetwork reports whether v is a constant TCP network name.
func streamNetwork(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && k.Value.Kind() == constant.String && table.StreamNetwork(constant.StringVal(k.Value))
}

// connUses finds, in the loop, a use of the conn v (a method call or an
// argument of a call other than Close) and a call of its Close method.
func (c *checker) connUses(v ssa.Value, loop int, used, closed *bool, seen map[ssa.Value]bool) {
	if seen[v] {
		return
	}
	seen[v] = true
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.ChangeInterface:
			c.connUses(r, loop, used, closed, seen)
		case *ssa.MakeInterface:
			c.connUses(r, loop, used, closed, seen)
		case *ssa.ChangeType:
			c.connUses(r, loop, used, closed, seen)
		case *ssa.Call:
			if c.loopOf(r.Block()) != loop {
				continue
			}
			m := r.Call.Method
			if fn := r.Call.StaticCallee(); !r.Call.IsInvoke() && fn != nil && fn.Signature.Recv() != nil {
				if receiver(&r.Call) == v && fn.Name() == "Close" {
					*closed = true
					continue
				}
			} else if m != nil && r.Call.Value == v && m.Name() == "Close" {
				*closed = true
				continue
			}
			*used = true
		}
	}
}

// invariant reports whether v has the same value in every iteration of
// loop: it is defined outside it, or computed inside from such values by
// field reads and pure functions, with no store in the loop to what it
// reads.
func (c *checker) invariant(v ssa.Value, fn *ssa.Function, loop, depth int) bool {
	if depth > 8 {
		return false
	}
	switch v.(type) {
	case *ssa.Const, *ssa.Parameter, *ssa.FreeVar, *ssa.Global, *ssa.Function:
		return true
	}
	instr, ok := v.(ssa.Instruction)
	if !ok || instr.Block() == nil {
		return false
	}
	if instr.Parent() != fn || c.loopOf(instr.Block()) != loop {
		return true
	}
	rec := func(x ssa.Value) bool { return c.invariant(x, fn, loop, depth+1) }
	switch v := v.(type) {
	case *ssa.UnOp:
		return v.Op == token.MUL && rec(v.X) && !c.storedInLoop(v.X, fn, loop)
	case *ssa.FieldAddr:
		return rec(v.X)
	case *ssa.Field:
		return rec(v.X)
	case *ssa.ChangeType:
		return rec(v.X)
	case *ssa.Convert:
		return rec(v.X)
	case *ssa.MakeInterface:
		return rec(v.X)
	case *ssa.BinOp:
		return rec(v.X) && rec(v.Y)
	case *ssa.Slice:
		return rec(v.X)
	case *ssa.Alloc:
		// The backing array of a variadic call: invariant when every
		// element stored into it is.
		for _, ref := range *v.Referrers() {
			ia, ok := ref.(*ssa.IndexAddr)
			if !ok {
				continue
			}
			for _, r := range *ia.Referrers() {
				if s, ok := r.(*ssa.Store); ok && !rec(s.Val) {
					return false
				}
			}
		}
		return true
	case *ssa.Call:
		if !table.Pure(calleeName(&v.Call)) {
			return false
		}
		for _, a := range v.Call.Args {
			if !rec(a) {
				return false
			}
		}
		return true
	}
	return false
}

// storedInLoop reports whether a store in the loop may write to addr: to
// addr itself, or to the same field of any struct.
func (c *checker) storedInLoop(addr ssa.Value, fn *ssa.Function, loop int) bool {
	fa, isField := addr.(*ssa.FieldAddr)
	for _, b := range fn.Blocks {
		if c.loopOf(b) != loop {
			continue
		}
		for _, instr := range b.Instrs {
			switch s := instr.(type) {
			case *ssa.Store:
				if s.Addr == addr {
					return true
				}
				if f, ok := s.Addr.(*ssa.FieldAddr); ok && isField && f.Field == fa.Field && ssaTypesEqual(f.X, fa.X) {
					return true
				}
			case ssa.CallInstruction:
				// A function of the package, or a func value, may write
				// to what addr points to; the conn's methods do not.
				com := s.Common()
				if g := com.StaticCallee(); !com.IsInvoke() && (g == nil || g.Pkg == fn.Pkg) {
					return true
				}
			}
		}
	}
	return false
}

func ssaTypesEqual(a, b ssa.Value) bool {
	return a.Type().String() == b.Type().String()
}

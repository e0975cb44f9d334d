package reuse

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/closewait/closewait/analyzer"
)

// checkDeferLoop reports defer x.Close() in a loop, where x is a resource
// acquired in the same loop: each iteration's resource stays open until
// the function returns.
func (c *checker) checkDeferLoop(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		loop := c.loopOf(b)
		if loop < 0 {
			continue
		}
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			v := closedValue(&d.Call)
			if v == nil {
				continue
			}
			acq, kind := c.acquisition(v, fn, loop, make(map[ssa.Value]bool))
			if acq == nil || c.handedToGoroutine(fn, loop, acq) {
				continue
			}
			c.reportDeferLoop(d, acq, kind, fn)
		}
	}
}

// handedToGoroutine reports whether a go statement in loop is given the
// resource acq returns (as an argument or a captured variable): each
// iteration's resource is then in use by its goroutine after the
// iteration, and a deferred Close at the function's end is its intended
// lifetime (a benchmark's main starting one client per goroutine).
func (c *checker) handedToGoroutine(fn *ssa.Function, loop int, acq *ssa.Call) bool {
	held := make(map[ssa.Value]bool)
	var mark func(v ssa.Value)
	mark = func(v ssa.Value) {
		if held[v] {
			return
		}
		held[v] = true
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.Extract, *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.ChangeType:
				mark(r.(ssa.Value))
			case *ssa.Store:
				if r.Val == v {
					mark(r.Addr)
				}
			}
		}
	}
	mark(acq)
	for _, b := range fn.Blocks {
		if c.loopOf(b) != loop {
			continue
		}
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			args := g.Call.Args
			if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok {
				args = append(append([]ssa.Value(nil), args...), mc.Bindings...)
			}
			for _, a := range args {
				if held[a] || held[through(a)] {
					return true
				}
			}
		}
	}
	return false
}

// closedValue returns the value whose Close the deferred call calls:
// x in defer x.Close(), or the captured x of defer func() { x.Close() }().
func closedValue(call *ssa.CallCommon) ssa.Value {
	if v := closeReceiver(call); v != nil {
		return v
	}
	mc, ok := call.Value.(*ssa.MakeClosure)
	if !ok || len(call.Args) > 0 {
		return nil
	}
	g := mc.Fn.(*ssa.Function)
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			x := closeReceiver(&ci.Call)
			for x != nil {
				if fv, ok := x.(*ssa.FreeVar); ok {
					for i, f := range g.FreeVars {
						if f == fv {
							return mc.Bindings[i]
						}
					}
				}
				x = through(x)
			}
		}
	}
	return nil
}

// closeReceiver returns the receiver of a call of a Close method, or nil.
func closeReceiver(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		if call.Method.Name() == "Close" {
			return call.Value
		}
		return nil
	}
	if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && fn.Name() == "Close" {
		return receiver(call)
	}
	return nil
}

// through returns what v is a conversion, load or Body field of, or nil.
func through(v ssa.Value) ssa.Value {
	switch v := v.(type) {
	case *ssa.ChangeInterface:
		return v.X
	case *ssa.MakeInterface:
		return v.X
	case *ssa.ChangeType:
		return v.X
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return v.X
		}
	case *ssa.FieldAddr:
		if fieldName(v) == "Body" {
			return v.X
		}
	}
	return nil
}

// acquisition returns the call in loop that acquired v (through
// conversions, variables and a response's Body), and the resource's kind.
func (c *checker) acquisition(v ssa.Value, fn *ssa.Function, loop int, seen map[ssa.Value]bool) (*ssa.Call, analyzer.Kind) {
	for ; v != nil && !seen[v]; v = through(v) {
		seen[v] = true
		switch x := v.(type) {
		case *ssa.Extract:
			call, ok := x.Tuple.(*ssa.Call)
			if !ok || call.Parent() != fn || c.loopOf(call.Block()) != loop {
				return nil, 0
			}
			var obj *types.Func
			if call.Call.IsInvoke() {
				obj = call.Call.Method
			} else if g := call.Call.StaticCallee(); g != nil {
				obj, _ = g.Object().(*types.Func)
			}
			if kind, res, ok := analyzer.TableAcquirer(obj); ok && res == x.Index {
				return call, kind
			}
			return nil, 0
		case *ssa.Alloc:
			// A variable: the resource stored into it in the loop.
			for _, ref := range *x.Referrers() {
				if s, ok := ref.(*ssa.Store); ok && s.Addr == x && s.Block() != nil && c.loopOf(s.Block()) == loop {
					if call, kind := c.acquisition(s.Val, fn, loop, seen); call != nil {
						return call, kind
					}
				}
			}
			return nil, 0
		}
	}
	return nil, 0
}

// reportDeferLoop reports the defer d of the resource acquired by acq.
func (c *checker) reportDeferLoop(d *ssa.Defer, acq *ssa.Call, kind analyzer.Kind, fn *ssa.Function) {
	info := c.names[acq.Pos()]
	stmt := "defer"
	if ds := c.deferStmt(d.Pos()); ds != nil {
		stmt = "defer " + types.ExprString(ds.Call)
		if _, lit := ds.Call.Fun.(*ast.FuncLit); lit {
			stmt = "a deferred Close"
		}
	}
	c.reportFinding(d.Pos(), deferInLoop(stmt, kind, info.name, info.text, funcName(fn), acq.Pos()))
}

// deferStmt returns the defer statement at pos.
func (c *checker) deferStmt(pos token.Pos) *ast.DeferStmt {
	f := c.files[c.pass.Fset.File(pos)]
	if f == nil {
		return nil
	}
	var found *ast.DeferStmt
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || found != nil || n.Pos() > pos || n.End() <= pos {
			return false
		}
		if ds, ok := n.(*ast.DeferStmt); ok && ds.Defer == pos {
			found = ds
		}
		return true
	})
	return found
}

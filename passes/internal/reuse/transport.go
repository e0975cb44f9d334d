package reuse

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A transport is an http.Transport created in the function under analysis
// and what the function does with it.
type transport struct {
	made    ssa.Value          // the &http.Transport{…} allocation or Clone call
	sends   []ssa.Instruction  // calls that send requests through it
	escapes bool               // stored, returned or handed on: it may outlive the call
	globals []*ssa.Global      // globals it (or its holder) is stored in
	noKeep  *ssa.Store         // DisableKeepAlives = true, if set here
	dialer  bool               // a Dial field set to a function that may not dial at all
	seen    map[ssa.Value]bool // values followed
}

// checkTransports reports the Transports that fn creates per call, sends
// requests through and drops, and the ones with keep-alives off that it
// uses repeatedly.
func (c *checker) checkTransports(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			v, ok := instr.(ssa.Value)
			if !ok || !c.makesTransport(v) {
				continue
			}
			t := &transport{made: v, seen: make(map[ssa.Value]bool)}
			t.follow(v)
			c.reportTransport(fn, t)
		}
	}
}

// makesTransport reports whether v is a fresh Transport.
func (c *checker) makesTransport(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return pointee(v.Type()) == table.TransportType()
	case *ssa.Call:
		return table.MakesTransport(c.staticName(&v.Call))
	}
	return false
}

// reportTransport words the findings about t, made in fn.
func (c *checker) reportTransport(fn *ssa.Function, t *transport) {
	info := c.names[t.made.Pos()]
	_, clone := t.made.(*ssa.Call)
	pos := info.start
	if !pos.IsValid() {
		pos = t.made.Pos()
	}
	perCall := !t.escapes && len(t.globals) == 0 && len(t.sends) > 0 && !t.dialer
	switch {
	case perCall && c.inLoop(t.made.(ssa.Instruction)):
		c.reportFinding(pos, droppedTransport(info.name, clone, funcName(fn), dropPerIteration))
		return
	case perCall && !c.atStartup(fn):
		scope := dropPerCall
		if isHandler(fn) {
			scope = dropPerRequest
		}
		c.reportFinding(pos, droppedTransport(info.name, clone, funcName(fn), scope))
	}
	if t.noKeep == nil || t.escapes {
		return
	}
	for _, s := range t.sends {
		if how, ok := c.repeated(s); ok {
			c.reportFinding(t.noKeep.Pos(), noKeepAlive("", how, s.Pos(), c.pass.Fset.Position(s.Pos()).Line))
			return
		}
	}
}

// follow records what the uses of v, the Transport or an alias of it, do.
func (t *transport) follow(v ssa.Value) {
	if t.seen[v] {
		return
	}
	t.seen[v] = true
	for _, ref := range *v.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			t.configure(r)
		case *ssa.MakeInterface:
			t.follow(r)
		case *ssa.ChangeType:
			t.follow(r)
		case *ssa.ChangeInterface:
			t.follow(r)
		case ssa.CallInstruction:
			t.call(r, v)
		case *ssa.Store:
			if r.Val != v {
				t.escapes = true
			} else if g, ok := r.Addr.(*ssa.Global); ok {
				t.globals = append(t.globals, g)
			} else if fa, ok := r.Addr.(*ssa.FieldAddr); ok && fieldName(fa) == "Transport" && isHolder(fa.X) {
				t.holder(fa.X)
			} else {
				t.escapes = true
			}
		default:
			t.escapes = true
		}
	}
}

// configure follows the use of one of the Transport's fields.
func (t *transport) configure(fa *ssa.FieldAddr) {
	for _, ref := range *fa.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.MUL {
				t.escapes = true
			}
		case *ssa.Store:
			if r.Addr != fa {
				t.escapes = true
			} else if fieldName(fa) == table.KeepAliveOffField(table.TransportType()) && isTrue(r.Val) {
				t.noKeep = r
			} else if strings.HasPrefix(fieldName(fa), "Dial") && !netDialer(r.Val) {
				t.dialer = true
			}
		default:
			t.escapes = true
		}
	}
}

// call follows a call that uses v, the Transport or its holder.
func (t *transport) call(call ssa.CallInstruction, v ssa.Value) {
	com := call.Common()
	name := calleeName(com)
	for _, a := range args(com) {
		if a == v {
			t.escapes = true // handed on
		}
	}
	if receiver(com) != v {
		t.escapes = true // a func value or a closure
		return
	}
	switch {
	case table.Sends(name):
		t.sends = append(t.sends, call)
	case table.Harmless(name):
	default:
		t.escapes = true
	}
}

// holder follows the uses of h, an http.Client or httputil.ReverseProxy
// made in the function, whose Transport field holds the Transport.
func (t *transport) holder(h ssa.Value) {
	if t.seen[h] {
		return
	}
	t.seen[h] = true
	for _, ref := range *h.Referrers() {
		switch r := ref.(type) {
		case *ssa.DebugRef:
		case *ssa.FieldAddr:
			if fieldName(r) == "Transport" {
				for _, ref := range *r.Referrers() {
					if s, ok := ref.(*ssa.Store); !ok || s.Addr != r {
						t.escapes = true // the Transport is read back
					}
				}
			}
		case ssa.CallInstruction:
			t.call(r, h)
		case *ssa.UnOp:
			// A struct literal copied into its variable: client := http.Client{…}.
			for _, ref := range *r.Referrers() {
				if s, ok := ref.(*ssa.Store); ok && s.Val == r && isHolder(s.Addr) && r.Op == token.MUL {
					t.holder(s.Addr)
				} else {
					t.escapes = true
				}
			}
		case *ssa.Store:
			if r.Addr == h && r.Val != h {
				continue // the literal copied in, followed above
			}
			if g, ok := r.Addr.(*ssa.Global); ok && r.Val == h {
				t.globals = append(t.globals, g)
			} else {
				t.escapes = true
			}
		default:
			t.escapes = true
		}
	}
}

// netDialer reports whether v, stored in a Dial field of a Transport, is
// a method of a net.Dialer (d.DialContext), which opens real connections.
// Any other function may return in-memory conns (httputil.DumpRequestOut
// does): a Transport using one is not reported.
func netDialer(v ssa.Value) bool {
	mc, ok := v.(*ssa.MakeClosure)
	if !ok || len(mc.Bindings) != 1 {
		return false
	}
	return table.RealDialer(typeName(mc.Bindings[0].Type()))
}

// isHolder reports whether v is a fresh http.Client or ReverseProxy.
func isHolder(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return table.HoldsTransport(pointee(v.Type()))
	case *ssa.Call:
		return table.MakesHolder(calleeName(&v.Call))
	}
	return false
}

// fieldName returns the name of the field that fa addresses.
func fieldName(fa *ssa.FieldAddr) string {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return ""
	}
	return st.Field(fa.Field).Name()
}

// isTrue reports whether v is the constant true.
func isTrue(v ssa.Value) bool {
	k, ok := v.(*ssa.Const)
	return ok && k.Value != nil && k.Value.Kind() == constant.Bool && constant.BoolVal(k.Value)
}

// checkGlobalTransports reports Transports stored (directly or in an
// http.Client) in a package-level variable with keep-alives off, when a
// loop or a handler of the package sends requests through that variable.
func (c *checker) checkGlobalTransports() {
	funcs := c.ssa.SrcFuncs
	if init := c.ssa.Pkg.Func("init"); init != nil {
		funcs = append(funcs[:len(funcs):len(funcs)], init) // package-level variables are set there
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				v, ok := instr.(ssa.Value)
				if !ok || !c.makesTransport(v) {
					continue
				}
				t := &transport{made: v, seen: make(map[ssa.Value]bool)}
				t.follow(v)
				if t.noKeep == nil || t.escapes || len(t.globals) == 0 || !c.userCode(t.noKeep.Pos()) {
					continue
				}
				if use, how := c.globalSend(t.globals); use != nil {
					c.reportFinding(t.noKeep.Pos(), noKeepAlive(t.globals[0].Name(), how, use.Pos(), c.pass.Fset.Position(use.Pos()).Line))
				}
			}
		}
	}
}

// globalSend returns a call that sends a request through one of globals
// repeatedly, and how.
func (c *checker) globalSend(globals []*ssa.Global) (ssa.Instruction, string) {
	for _, g := range globals {
		for _, fn := range c.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					load, ok := instr.(*ssa.UnOp)
					if !ok || load.Op != token.MUL || load.X != g {
						continue
					}
					for _, ref := range *load.Referrers() {
						call, ok := ref.(ssa.CallInstruction)
						if !ok || receiver(call.Common()) != load || !table.Sends(calleeName(call.Common())) {
							continue
						}
						if how, ok := c.repeated(call); ok {
							return call, how
						}
					}
				}
			}
		}
	}
	return nil, ""
}

package reuse

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/closewait/closewait/analyzer"
)

// checkRequestClose reports req.Close = true on a request built or
// handled repeatedly: in a loop or in a handler.
func (c *checker) checkRequestClose(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			s, ok := instr.(*ssa.Store)
			if !ok || !isTrue(s.Val) {
				continue
			}
			fa, ok := s.Addr.(*ssa.FieldAddr)
			if !ok || pointee(fa.X.Type()) != "net/http.Request" || fieldName(fa) != table.KeepAliveOffField("net/http.Request") {
				continue
			}
			if isIncomingRequest(fn, fa.X) {
				continue // the server decides from the request as it read it
			}
			if how, ok := c.repeated(s); ok {
				c.reportFinding(s.Pos(), requestClose(how))
			}
		}
	}
}

// isIncomingRequest reports whether req is the request a handler fn
// received: Close on it is not a client's keep-alive setting, and
// net/http's server ignores it once the request has been read.
func isIncomingRequest(fn *ssa.Function, req ssa.Value) bool {
	p, ok := req.(*ssa.Parameter)
	return ok && isHandler(fn) && p == fn.Params[len(fn.Params)-1]
}

// A response is an *http.Response and the closes and drains of its body.
type response struct {
	closes  []ssa.CallInstruction
	drains  []ssa.Instruction
	unknown bool // used in a way that may read its body to EOF, or not followed
	seen    map[ssa.Value]bool
}

// checkDrain reports response bodies closed in a loop without being read
// to EOF.
func (c *checker) checkDrain(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			callee, _ := call.Call.StaticCallee(), 0
			var obj *types.Func
			if call.Call.IsInvoke() {
				obj = call.Call.Method
			} else if callee != nil {
				obj, _ = callee.Object().(*types.Func)
			}
			kind, res, ok := analyzer.TableAcquirer(obj)
			if !ok || kind != analyzer.Body || table.RequestsHead(calleeName(&call.Call)) || c.headRequest(&call.Call) {
				continue
			}
			r := &response{seen: make(map[ssa.Value]bool)}
			for _, ref := range *call.Referrers() {
				if x, ok := ref.(*ssa.Extract); ok && x.Index == res {
					r.follow(x)
				}
			}
			if r.unknown {
				continue
			}
			for _, cl := range r.closes {
				if c.undrained(r, cl) {
					c.reportUndrained(cl)
				}
			}
		}
	}
}

// headRequest reports whether call sends a request whose method is the
// constant HEAD, or one that is not known.
func (c *checker) headRequest(call *ssa.CallCommon) bool {
	name := calleeName(call)
	if !strings.HasSuffix(name, ".Do") && !strings.HasSuffix(name, ".RoundTrip") {
		return false
	}
	a := args(call)
	if len(a) == 0 {
		return true
	}
	x, ok := a[0].(*ssa.Extract)
	if !ok {
		return true // a request from elsewhere: its method is not known
	}
	mk, ok := x.Tuple.(*ssa.Call)
	if !ok {
		return true
	}
	i, ok := table.RequestMethodParam(calleeName(&mk.Call))
	if !ok {
		return true
	}
	k, ok := mk.Call.Args[i].(*ssa.Const)
	return !ok || k.Value == nil || k.Value.Kind() != constant.String || constant.StringVal(k.Value) == "HEAD"
}

// follow records the uses of v, the response or an alias of it.
func (r *response) follow(v ssa.Value) {
	if r.seen[v] {
		return
	}
	r.seen[v] = true
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.DebugRef, *ssa.If, *ssa.BinOp:
		case *ssa.FieldAddr:
			if fieldName(x) == "Body" {
				r.body(x)
			}
		case *ssa.UnOp:
			if x.Op == token.MUL && x.X == v {
				r.follow(x) // a load of the variable that holds it
			} else {
				r.unknown = true
			}
		case *ssa.Store:
			if x.Val != v {
				continue // assigned to
			}
			if a, ok := x.Addr.(*ssa.Alloc); ok {
				r.follow(a)
			} else {
				r.unknown = true
			}
		case *ssa.MakeClosure:
			for i, bv := range x.Bindings {
				if bv == v {
					r.follow(x.Fn.(*ssa.Function).FreeVars[i])
				}
			}
		default:
			r.unknown = true
		}
	}
}

// body records the uses of the address of the response's Body field.
func (r *response) body(fa *ssa.FieldAddr) {
	for _, ref := range *fa.Referrers() {
		load, ok := ref.(*ssa.UnOp)
		if _, debug := ref.(*ssa.DebugRef); debug {
			continue
		}
		if !ok || load.Op != token.MUL {
			r.unknown = true // replaced, or its address taken
			continue
		}
		r.bodyValue(load)
	}
}

// bodyValue records the uses of v, the body or an interface conversion of it.
func (r *response) bodyValue(v ssa.Value) {
	for _, ref := range *v.Referrers() {
		switch x := ref.(type) {
		case *ssa.DebugRef, *ssa.BinOp, *ssa.If:
		case *ssa.ChangeInterface:
			r.bodyValue(x)
		case *ssa.MakeInterface:
			r.bodyValue(x)
		case ssa.CallInstruction:
			com := x.Common()
			name := calleeName(com)
			if i, ok := table.Drains(name); ok && i < len(com.Args) && com.Args[i] == v {
				r.drains = append(r.drains, x)
			} else if com.IsInvoke() && com.Value == v && com.Method.Name() == "Close" {
				r.closes = append(r.closes, x)
			} else {
				r.unknown = true
			}
		default:
			r.unknown = true
		}
	}
}

// undrained reports whether the close cl runs in a loop with no drain of
// the body before it, and the response may have a body there.
func (c *checker) undrained(r *response, cl ssa.CallInstruction) bool {
	fn := cl.Parent()
	_, deferred := cl.(*ssa.Defer)
	if deferred && !c.perIteration(fn) || !deferred && !c.inLoop(cl) && !c.perIteration(fn) {
		return false // a defer in a loop is checkDeferLoop's
	}
	for _, d := range r.drains {
		if d.Parent() != fn || deferred || dominates(d, cl) {
			return false
		}
	}
	return !c.bodylessStatus(cl)
}

// dominates reports whether a runs before b on every path to b.
func dominates(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, instr := range a.Block().Instrs {
		if instr == a {
			return true
		}
		if instr == b {
			return false
		}
	}
	return false
}

// bodylessStatus reports whether cl runs only under a test that the
// status code is 204 or 304.
func (c *checker) bodylessStatus(cl ssa.Instruction) bool {
	b := cl.Block()
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || !statusTest(cond) {
			continue
		}
		if cond.Op == token.EQL && d.Succs[0].Dominates(b) || cond.Op == token.NEQ && d.Succs[1].Dominates(b) {
			return true
		}
	}
	return false
}

// statusTest reports whether cond compares a StatusCode with 204 or 304.
func statusTest(cond *ssa.BinOp) bool {
	for _, p := range [][2]ssa.Value{{cond.X, cond.Y}, {cond.Y, cond.X}} {
		load, ok := p[0].(*ssa.UnOp)
		k, isConst := p[1].(*ssa.Const)
		if !ok || !isConst || k.Value == nil || k.Value.Kind() != constant.Int {
			continue
		}
		fa, ok := load.X.(*ssa.FieldAddr)
		if n, exact := constant.Int64Val(k.Value); ok && exact && fieldName(fa) == "StatusCode" && table.BodylessStatus(n) {
			return true
		}
	}
	return false
}

// reportUndrained reports the close cl of a body not read to EOF, with a
// fix that drains it first, bounded, where the statement and imports
// allow.
func (c *checker) reportUndrained(cl ssa.CallInstruction) {
	pos := cl.Pos()
	body := "resp.Body"
	stmt, sel := c.closeSyntax(cl)
	if sel != nil {
		body = types.ExprString(sel.X)
		pos = sel.X.Pos()
	}
	d := undrainedBody(body).diagnostic(pos)
	if _, ok := stmt.(*ast.ExprStmt); ok && sel != nil && c.importsIO(stmt.Pos()) {
		col := c.pass.Fset.Position(stmt.Pos()).Column
		text := drainFixText(body, strings.Repeat("\t", col-1))
		d.SuggestedFixes = []analysis.SuggestedFix{{
			Message:   drainFixMessage(),
			TextEdits: []analysis.TextEdit{{Pos: stmt.Pos(), End: stmt.Pos(), NewText: []byte(text)}},
		}}
	}
	c.report(d)
}

// closeSyntax returns the statement that holds the close cl and its
// x.Close selector, when it is a plain call statement (or a defer).
func (c *checker) closeSyntax(cl ssa.CallInstruction) (ast.Stmt, *ast.SelectorExpr) {
	f := c.files[c.pass.Fset.File(cl.Pos())]
	if f == nil {
		return nil, nil
	}
	var stmt ast.Stmt
	var sel *ast.SelectorExpr
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || sel != nil || n.Pos() > cl.Pos() || n.End() <= cl.Pos() {
			return false
		}
		switch n := n.(type) {
		case *ast.ExprStmt:
			stmt = n
		case *ast.DeferStmt:
			stmt = n
			if s, ok := n.Call.Fun.(*ast.SelectorExpr); ok && n.Defer == cl.Pos() && s.Sel.Name == "Close" {
				sel = s
			}
		case *ast.CallExpr:
			if s, ok := n.Fun.(*ast.SelectorExpr); ok && (n.Lparen == cl.Pos() || n.Pos() == cl.Pos()) && s.Sel.Name == "Close" {
				sel = s
			}
		}
		return true
	})
	if sel == nil {
		return nil, nil
	}
	return stmt, sel
}

// importsIO reports whether the file at pos imports "io" as io.
func (c *checker) importsIO(pos token.Pos) bool {
	f := c.files[c.pass.Fset.File(pos)]
	for _, imp := range f.Imports {
		if imp.Path.Value == `"io"` && (imp.Name == nil || imp.Name.Name == "io") {
			return true
		}
	}
	return false
}

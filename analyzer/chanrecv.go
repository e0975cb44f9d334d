package analyzer

// This file finds the conns a function receives from a channel and
// leaves open: a listener that accepts in a goroutine of its own and
// sends each conn on a channel hands it over, and the receiver owns it.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/ssa"
)

// receiveLeaks returns the leaks of the conns fn receives from a channel
// (for c := range conns, c := <-ch, case c := <-ch) and shows it owns: on some path it
// closes the conn, or hands it to code that closes or keeps it (a peer
// set's add, a handler goroutine, a send on another channel). A conn it
// only borrows (it writes to it, logs it) is the sender's: silent. The
// exits are those that reach the function's end or the next receive with
// the conn still open: a continue that drops a conn the switch has no
// room for, a return after a failed write.
func (e *engine) receiveLeaks(fn *ssa.Function) []*Leak {
	var leaks []*Leak
	for _, b := range fn.Blocks {
		for k, instr := range b.Instrs {
			switch recv := instr.(type) {
			case *ssa.UnOp:
				if recv.Op != token.ARROW {
					continue
				}
				conn, okv := receivedValues(recv)
				if l := e.receiveLeak(fn, recv, recv.Pos(), conn, okv, b, k+1); l != nil {
					leaks = append(leaks, l)
				}
			case *ssa.Select:
				for _, c := range selectReceives(recv) {
					if l := e.receiveLeak(fn, recv, c.pos, c.val, c.ok, c.block, 0); l != nil {
						leaks = append(leaks, l)
					}
				}
			}
		}
	}
	return leaks
}

// receiveLeak walks fn from index i of block, where conn (received by
// recv at pos, with ok its comma-ok result or nil) is live, and returns
// its leak if fn shows it owns it and some exit leaves it open, else nil.
func (e *engine) receiveLeak(fn *ssa.Function, recv ssa.Instruction, pos token.Pos, conn, ok ssa.Value, block *ssa.BasicBlock, i int) *Leak {
	if conn == nil || !isConnType(conn.Type()) {
		// Only sockets: net.Conn and net's and crypto/tls's conns. A
		// multiplexer's streams (smux's *stream, from its accept
		// channel) close with their session.
		return nil
	}
	t := newTracker(e)
	t.add(conn, isResource)
	t.run()
	acqErr := make(map[ssa.Value]bool)
	if ok != nil {
		acqErr[ok] = true // the channel is closed: nothing received
	}
	res := t.flow(fn, block, i, recv, acqErr)
	if len(res.exits) == 0 || !res.released && !res.escaped {
		return nil
	}
	name, from := receiveSyntax(fn.Syntax(), pos)
	return &Leak{
		Kind:     Conn,
		Call:     pos,
		Callee:   from,
		Type:     typeString(conn.Type(), e.pass.Pkg),
		Var:      name,
		Exits:    sortExits(res.exits),
		Received: true,
	}
}

// A selectReceive is a receive case of a select: the value it receives,
// its ok result (nil if unused), where its case's body starts, and the
// position of its arrow.
type selectReceive struct {
	val, ok ssa.Value
	block   *ssa.BasicBlock
	pos     token.Pos
}

// selectReceives returns the receive cases of sel whose value is used and
// whose body go/ssa starts with the test `index == i` of the case taken.
func selectReceives(sel *ssa.Select) []selectReceive {
	var cases []selectReceive
	vals := extracts(sel)
	index, ok := vals[0], vals[1]
	if index == nil {
		return nil
	}
	recvs := 0
	for i, st := range sel.States {
		if st.Dir != types.RecvOnly {
			continue
		}
		val := vals[2+recvs]
		recvs++
		if body := caseBody(index, i); val != nil && body != nil {
			cases = append(cases, selectReceive{val: val, ok: ok, block: body, pos: st.Pos})
		}
	}
	return cases
}

// caseBody returns the block entered where index (a select's chosen case)
// equals i: the true successor of the If on `index == i`.
func caseBody(index ssa.Value, i int) *ssa.BasicBlock {
	for _, r := range *index.Referrers() {
		eq, ok := r.(*ssa.BinOp)
		if !ok || eq.Op != token.EQL {
			continue
		}
		c, ok := eq.Y.(*ssa.Const)
		if !ok || c.Value == nil || c.Value.String() != strconv.Itoa(i) {
			continue
		}
		for _, u := range *eq.Referrers() {
			if in, ok := u.(*ssa.If); ok {
				return in.Block().Succs[0]
			}
		}
	}
	return nil
}

// receivedValues returns the value recv receives and, for a comma-ok
// receive, its ok result (nil if unused).
func receivedValues(recv *ssa.UnOp) (val, ok ssa.Value) {
	if !recv.CommaOk {
		return recv, nil
	}
	vals := extracts(recv)
	return vals[0], vals[1]
}

// extracts returns the Extracts of the tuple v, by index (nil for an
// element not used).
func extracts(v ssa.Value) map[int]ssa.Value {
	vals := make(map[int]ssa.Value)
	for _, r := range *v.Referrers() {
		if x, ok := r.(*ssa.Extract); ok {
			vals[x.Index] = x
		}
	}
	return vals
}

// receiveSyntax returns the variable the receive at pos (a <-ch, or the
// for of a range over a channel) is bound to and the channel as the user
// wrote it, searching fn's syntax.
func receiveSyntax(syntax ast.Node, pos token.Pos) (name, from string) {
	if syntax == nil {
		return "", "a channel"
	}
	ident := func(e ast.Expr) string {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && id.Name != "_" {
			return id.Name
		}
		return ""
	}
	recvAt := func(e ast.Expr) *ast.UnaryExpr {
		if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW && u.OpPos == pos {
			return u
		}
		return nil
	}
	ast.Inspect(syntax, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			if n.For == pos {
				name, from = ident(n.Key), types.ExprString(n.X)
			}
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 && recvAt(n.Rhs[0]) != nil {
				name, from = ident(n.Lhs[0]), types.ExprString(recvAt(n.Rhs[0]).X)
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 && recvAt(n.Values[0]) != nil {
				name, from = ident(n.Names[0]), types.ExprString(recvAt(n.Values[0]).X)
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && n.OpPos == pos {
				from = types.ExprString(n.X)
			}
		}
		return from == ""
	})
	if from == "" {
		from = "a channel"
	}
	return name, from
}

// selectSendUse classifies a select with a case that sends v: v is handed
// on where that case is chosen, in the case's body; the other cases (a
// done channel, a default when the channel is full) leave it here.
func (t *tracker) selectSendUse(v ssa.Value, sel *ssa.Select) {
	index := extracts(sel)[0]
	for i, st := range sel.States {
		if st.Send != v {
			continue
		}
		var body *ssa.BasicBlock
		if index != nil {
			body = caseBody(index, i)
		}
		if body == nil && index != nil && !sel.Blocking && len(sel.States) == 1 && branchless(index) {
			// select { case ch <- c: default: }: both cases go on to
			// the same code, sent on one and dropped on the other.
			if t.maybeSent == nil {
				t.maybeSent = make(map[ssa.Instruction]bool)
			}
			t.maybeSent[sel] = true
			t.sends = true
			return
		}
		if body == nil || len(body.Preds) != 1 || len(body.Instrs) == 0 {
			t.event(sel, evEscape) // cannot tell the cases apart
			return
		}
		t.event(body.Instrs[0], evEscape)
		t.sends = true
	}
}

// branchless reports whether no If tests a comparison of a select's
// chosen index: its cases' bodies are empty.
func branchless(index ssa.Value) bool {
	for _, r := range *index.Referrers() {
		cmp, ok := r.(ssa.Value)
		if !ok || cmp.Referrers() == nil {
			return false
		}
		if len(*cmp.Referrers()) > 0 {
			return false
		}
	}
	return true
}

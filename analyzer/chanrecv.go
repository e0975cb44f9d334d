package analyzer

// This file finds the conns a function receives from a channel and
// leaves open: a listener that accepts in a goroutine of its own and
// sends each conn on a channel hands it over, and the receiver owns it.

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// receiveLeaks returns the leaks of the conns fn receives from a channel
// (for c := range conns, c := <-ch) and shows it owns: on some path it
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
			recv, ok := instr.(*ssa.UnOp)
			if !ok || recv.Op != token.ARROW {
				continue
			}
			conn, okv := receivedValues(recv)
			if conn == nil || paramKind(conn.Type()) != Conn {
				continue
			}
			t := newTracker(e)
			t.add(conn, isResource)
			t.run()
			acqErr := make(map[ssa.Value]bool)
			if okv != nil {
				acqErr[okv] = true // the channel is closed: nothing received
			}
			res := t.flow(fn, b, k+1, recv, acqErr)
			if len(res.exits) == 0 || !res.released && !res.escaped {
				continue
			}
			name, from := receiveSyntax(fn.Syntax(), recv.Pos())
			leaks = append(leaks, &Leak{
				Kind:     Conn,
				Call:     recv.Pos(),
				Callee:   from,
				Type:     typeString(conn.Type(), e.pass.Pkg),
				Var:      name,
				Exits:    sortExits(res.exits),
				Received: true,
			})
		}
	}
	return leaks
}

// receivedValues returns the value recv receives and, for a comma-ok
// receive, its ok result (nil if unused).
func receivedValues(recv *ssa.UnOp) (val, ok ssa.Value) {
	if !recv.CommaOk {
		return recv, nil
	}
	for _, r := range *recv.Referrers() {
		if x, isExtract := r.(*ssa.Extract); isExtract {
			switch x.Index {
			case 0:
				val = x
			case 1:
				ok = x
			}
		}
	}
	return val, ok
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

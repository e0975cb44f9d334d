package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// A callSite is the syntax of a call: the expression and, when the call is
// the whole right-hand side of an assignment or declaration, its targets.
type callSite struct {
	call *ast.CallExpr
	lhs  []ast.Expr
}

// indexCalls maps the Lparen of every call in the package to its
// callSite, from the package's inspector (shared with other analyzers).
// Preorder visits an assignment before the call on its right-hand side.
func indexCalls(ins *inspector.Inspector) map[token.Pos]callSite {
	calls := make(map[token.Pos]callSite)
	filter := []ast.Node{(*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil), (*ast.CallExpr)(nil)}
	ins.Preorder(filter, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Rhs) == 1 {
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok {
					calls[call.Lparen] = callSite{call, n.Lhs}
				}
			}
		case *ast.ValueSpec:
			if len(n.Values) == 1 {
				if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
					lhs := make([]ast.Expr, len(n.Names))
					for i, id := range n.Names {
						lhs[i] = id
					}
					calls[call.Lparen] = callSite{call, lhs}
				}
			}
		case *ast.CallExpr:
			if _, ok := calls[n.Lparen]; !ok {
				calls[n.Lparen] = callSite{call: n}
			}
		}
	})
	return calls
}

// callSite returns the syntax of the call whose Lparen is at pos, indexing
// the package's calls on first use: most packages acquire nothing.
func (e *engine) callSite(pos token.Pos) callSite {
	if e.calls == nil {
		e.calls = indexCalls(e.inspect)
	}
	return e.calls[pos]
}

// target returns the identifier the call's i-th result is assigned to,
// or nil (discarded, used inline, or stored elsewhere).
func (cs callSite) target(i int) *ast.Ident {
	if i < 0 || i >= len(cs.lhs) {
		return nil
	}
	id, ok := ast.Unparen(cs.lhs[i]).(*ast.Ident)
	if !ok || id.Name == "_" {
		return nil
	}
	return id
}

// closingBrace returns the position of fn's closing brace, where falling
// off the end returns.
func closingBrace(fn *ssa.Function) token.Pos {
	switch syn := fn.Syntax().(type) {
	case *ast.FuncDecl:
		if syn.Body != nil {
			return syn.Body.Rbrace
		}
	case *ast.FuncLit:
		return syn.Body.Rbrace
	}
	return fn.Pos()
}

// typeString returns t as the user would write it in pkg.
func typeString(t types.Type, pkg *types.Package) string {
	return types.TypeString(t, func(p *types.Package) string {
		if p == pkg {
			return ""
		}
		return p.Name()
	})
}

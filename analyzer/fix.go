package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// fixFor returns the fix for acquisition a, whose walk t found open at
// exits, or nil where no fix is unambiguously safe: `defer x.Close()`
// after the error check (deferFix) or, else, `x.Close()` before each
// leaking return it is safe before (returnFix). Neither is offered when
// a value built on the resource leaves the function (a returned
// *gzip.Reader of a body, a struct holding a bufio.Reader of a conn): it
// would read a closed resource.
func (e *engine) fixFor(fn *ssa.Function, a *acquisition, t *tracker, exits []Exit, acqErr map[ssa.Value]bool) *Fix {
	if a.obj == nil || a.site.call == nil {
		return nil
	}
	target, ok := closeTarget(a.obj.Name(), a.obj.Type(), a.what.Kind)
	if !ok {
		return nil
	}
	for ret := range t.failReturns {
		// return newClient(conn) leaks conn only where newClient
		// fails; a Close before it would close what it returns.
		if slices.ContainsFunc(exits, func(x Exit) bool { return x.Pos == ret.Pos() }) {
			return nil
		}
	}
	d := t.derive()
	if f := e.deferFix(a, t, exits, d, target); f != nil {
		return f
	}
	return e.returnFix(fn, a, t, exits, d, acqErr, target)
}

// deferFix returns the fix that inserts `defer target.Close()` after the
// error check of a, or nil. It is safe when nothing closes the resource,
// returns it or takes it over (so the defer adds the only Close, and
// never closes what a caller or a goroutine still uses), nothing built on
// it leaves the function, it is not re-acquired by a loop (a defer per
// iteration would pile up), no goroutine uses it (it would outlive the
// defer), and the acquisition statement is followed by its error check
// ending in a return: the one place where the resource is known non-nil.
func (e *engine) deferFix(a *acquisition, t *tracker, exits []Exit, d *derivation, target string) *Fix {
	for _, x := range exits {
		if x.Kind == ContinueExit || x.Kind == OverwriteExit {
			return nil
		}
	}
	for _, ev := range t.events {
		if ev >= evHandoff { // handed off, released, returned or escaped
			return nil
		}
	}
	for v, c := range t.classes {
		if c == isCloser || c == isBorrowFunc || usedByGo(v) {
			return nil
		}
	}
	if len(d.escapes) > 0 {
		return nil
	}
	check := e.errCheckAfter(a)
	if check == nil {
		return nil
	}
	col := e.pass.Fset.Position(check.Pos()).Column
	indent := strings.Repeat("\t", max(col-1, 0))
	return &Fix{Deferred: true, Target: target, Edits: []FixEdit{{Pos: check.End(), Text: "\n" + indent + "defer " + target + ".Close()"}}}
}

// closeTarget returns the expression whose Close() a fix defers for the
// resource held in variable name of type t: name, or name.Body for a
// response. It reports false when `defer target.Close()` would not
// compile: no Close method without parameters (Close(ctx)), or a body
// kind whose type is not *http.Response.
func closeTarget(name string, t types.Type, kind Kind) (string, bool) {
	if kind == Body {
		if !isResponsePtr(t) {
			return "", false
		}
		return name + ".Body", true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Close")
	fn, ok := obj.(*types.Func)
	if !ok || fn.Type().(*types.Signature).Params().Len() != 0 {
		return "", false
	}
	return name, true
}

// usedByGo reports whether v is used by a go statement.
func usedByGo(v ssa.Value) bool {
	if v.Referrers() == nil {
		return false
	}
	for _, r := range *v.Referrers() {
		if _, ok := r.(*ssa.Go); ok {
			return true
		}
	}
	return false
}

// errCheckAfter returns the statement `if err != nil { … return … }` that
// directly follows the acquisition statement of a, checking the error it
// assigns, or nil.
func (e *engine) errCheckAfter(a *acquisition) *ast.IfStmt {
	errIdent := a.site.target(errIndex(a.call.Call.Signature()))
	if errIdent == nil {
		return nil
	}
	errObj := e.pass.TypesInfo.ObjectOf(errIdent)
	file := e.fileOf(a.site.call.Pos())
	if file == nil {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, a.site.call.Pos(), a.site.call.End())
	if len(path) < 3 {
		return nil
	}
	assign, ok := path[1].(*ast.AssignStmt)
	if !ok {
		return nil
	}
	block, ok := path[2].(*ast.BlockStmt)
	if !ok {
		return nil
	}
	for i, stmt := range block.List {
		if stmt != assign || i+1 >= len(block.List) {
			continue
		}
		check, ok := block.List[i+1].(*ast.IfStmt)
		if !ok || check.Init != nil || check.Else != nil || !returnsAtEnd(check.Body) {
			return nil
		}
		cond, ok := check.Cond.(*ast.BinaryExpr)
		if !ok || cond.Op != token.NEQ {
			return nil
		}
		id, ok := cond.X.(*ast.Ident)
		if !ok || e.pass.TypesInfo.ObjectOf(id) != errObj || !isNilIdent(cond.Y) {
			return nil
		}
		return check
	}
	return nil
}

// returnsAtEnd reports whether body ends with a return statement.
func returnsAtEnd(body *ast.BlockStmt) bool {
	if len(body.List) == 0 {
		return false
	}
	_, ok := body.List[len(body.List)-1].(*ast.ReturnStmt)
	return ok
}

func isNilIdent(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "nil"
}

// fileOf returns the file of the package that contains pos.
func (e *engine) fileOf(pos token.Pos) *ast.File {
	for _, f := range e.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

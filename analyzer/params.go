package analyzer

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// paramLeaks returns the leaks of fn's resource parameters that fn shows
// it owns on its failure paths, and leaves open on another failure path:
// it closes the parameter on some path where an error was found, so a
// caller cannot also close it there (handshake functions that close the
// conn they were given on one error and forget it on another).
//
// Only error returns are reported: on success the parameter is the
// caller's again. Parameters fn merely uses, wraps (tls.Client) or hands
// on are not leaks: on real code their callers mostly close them on
// failure (pgx's startTLS, go-mssqldb's getTLSConn).
func (e *engine) paramLeaks(fn *ssa.Function) []*Leak {
	if len(fn.Blocks) == 0 {
		return nil
	}
	var leaks []*Leak
	for i, p := range fn.Params {
		if i == 0 && fn.Signature.Recv() != nil {
			continue
		}
		kind := paramKind(p.Type())
		if kind == 0 {
			continue
		}
		t := newTracker(e)
		t.add(p, isResource)
		t.run()
		res := t.flow(fn, fn.Blocks[0], 0, nil, nil)
		if res.escaped || !res.releasedOnErr {
			continue
		}
		var exits []Exit
		for _, x := range res.exits {
			if x.Kind == ErrorReturnExit || x.Kind == ReadErrorExit {
				exits = append(exits, x)
			}
		}
		if len(exits) == 0 {
			continue
		}
		leaks = append(leaks, &Leak{
			Kind:  kind,
			Call:  p.Pos(),
			Type:  typeString(p.Type(), e.pass.Pkg),
			Var:   p.Name(),
			Exits: sortExits(exits),
			Param: true,
		})
	}
	return leaks
}

// paramKind returns the kind of resource a parameter of type t is, or 0
// for types that are not conns, listeners or responses.
func paramKind(t types.Type) Kind {
	if ptr, ok := t.Underlying().(*types.Pointer); ok && isNamed(ptr.Elem(), "net/http", "Response") {
		return Body
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok || !canHoldResource(t) {
		return 0
	}
	if hasMethod(t, "Accept") && hasMethod(t, "Addr") {
		return Listener
	}
	if hasMethod(t, "Read") && hasMethod(t, "Write") && hasMethod(t, "RemoteAddr") {
		return Conn
	}
	return 0
}

// hasMethod reports whether t (or *t) has a method name.
func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

package main

import (
	"go/ast"
	"go/types"
	"strings"
)

// kinds holds the types a tracked resource is recognised by.
type kinds struct {
	conn, packetConn, listener *types.Interface
	response                   types.Type // net/http.Response
}

// newKinds looks the types up in the packages net and net/http.
func newKinds(imp types.Importer) (*kinds, error) {
	netPkg, err := imp.Import("net")
	if err != nil {
		return nil, err
	}
	httpPkg, err := imp.Import("net/http")
	if err != nil {
		return nil, err
	}
	iface := func(name string) *types.Interface {
		return netPkg.Scope().Lookup(name).Type().Underlying().(*types.Interface)
	}
	return &kinds{
		conn:       iface("Conn"),
		packetConn: iface("PacketConn"),
		listener:   iface("Listener"),
		response:   httpPkg.Scope().Lookup("Response").Type(),
	}, nil
}

// of returns the kind of a resource of type t: body for *http.Response,
// conn for a net.Conn or net.PacketConn, listener for a net.Listener,
// "" for anything else.
func (k *kinds) of(t types.Type) string {
	if k.isResponse(t) {
		return "body"
	}
	if p, ok := t.(*types.Pointer); ok {
		if st, ok := p.Elem().Underlying().(*types.Struct); ok {
			for f := range st.Fields() {
				if f.Embedded() && k.isResponse(f.Type()) {
					return "body" // a response type that embeds *http.Response
				}
			}
		}
	}
	if types.Implements(t, k.conn) || types.Implements(t, k.packetConn) {
		return "conn"
	}
	if types.Implements(t, k.listener) {
		return "listener"
	}
	return ""
}

// isResponse reports whether t is *http.Response.
func (k *kinds) isResponse(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	return ok && types.Identical(p.Elem(), k.response)
}

// isStd reports whether a package path is one of the standard library.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// Acquisition sources.
const (
	srcTable     = "table"     // a function or method of the standard library
	srcHelper    = "helper"    // a function or concrete method of the module or a dependency
	srcInterface = "interface" // a method of an interface declared outside the standard library
	srcFuncValue = "funcvalue" // a func-typed variable, field, parameter or result
)

// sourceOf classifies the callee of an acquiring call.
func sourceOf(info *types.Info, call *ast.CallExpr) string {
	fun := ast.Unparen(call.Fun)
	switch f := fun.(type) {
	case *ast.IndexExpr:
		fun = f.X
	case *ast.IndexListExpr:
		fun = f.X
	}
	static := func(obj types.Object) string {
		switch obj := obj.(type) {
		case *types.Func:
			if obj.Pkg() != nil && isStd(obj.Pkg().Path()) {
				return srcTable
			}
			return srcHelper
		case *types.Var:
			return srcFuncValue
		}
		return ""
	}
	switch f := fun.(type) {
	case *ast.Ident:
		return static(info.Uses[f])
	case *ast.SelectorExpr:
		sel, ok := info.Selections[f]
		if !ok { // a qualified identifier: pkg.F or pkg.V
			return static(info.Uses[f.Sel])
		}
		switch sel.Kind() {
		case types.FieldVal:
			return srcFuncValue
		case types.MethodVal:
			m := sel.Obj().(*types.Func)
			std := m.Pkg() != nil && isStd(m.Pkg().Path())
			switch {
			case std:
				return srcTable // an interface method of std (net.Listener's Accept) is in the table too
			case types.IsInterface(sel.Recv()):
				return srcInterface
			}
			return srcHelper
		}
	}
	return srcFuncValue // a call of a call's result, or of a literal
}

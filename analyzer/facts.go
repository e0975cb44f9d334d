package analyzer

import (
	"fmt"
	"go/types"
	"strings"
)

// A FuncFact summarises, for callers in other packages, what a function does
// with the resources passed to it and which of its results are fresh
// resources the caller must close, or whether it is an error test. It is
// exported for functions with exported names whose signature mentions a
// type that can hold a resource (or, for functions that are not methods,
// that return a bool and take an error), and only when it says something
// (see engine.funcFact).
type FuncFact struct {
	Params  []ParamFact // indexed like ssa.Function.Params (receiver first); trailing Unknowns omitted
	Results []Kind      // per result: the kind of fresh resource it returns, or 0; nil if none
	// NonNilIfTrue is 1 + the index in Params of the error parameter that
	// a true result implies is non-nil (an error test such as
	// `func Failed(err error) bool { return err != nil }`), or 0.
	NonNilIfTrue int
}

// A ParamFact is what a function does with the resource passed as one
// parameter.
type ParamFact struct {
	Effect Effect
	Result int // for Returns: the result the parameter comes back as
	// ClosesElse, for Returns: it is closed on every path that does not
	// return it (a handshake helper that closes the conn when it fails).
	ClosesElse bool
	// Async: it hands the parameter to a goroutine it starts.
	Async bool
	// For Borrows and ClosesSome: the first exit that leaves it open.
	ExitKind ExitKind
	ExitFile string // base name of the exit's file
	ExitLine int
}

// AFact marks FuncFact as an analysis fact.
func (*FuncFact) AFact() {}

// String renders the fact for `// want f:"…"` expectations, e.g.
// "c: closes; r: borrows, open at io.EOF return x.go:12; results: conn".
func (f *FuncFact) String() string {
	var parts []string
	for i, p := range f.Params {
		if p.Effect == Unknown {
			continue
		}
		s := fmt.Sprintf("%d: %s", i, p.Effect)
		if p.Effect == Returns {
			s += fmt.Sprintf(" as result %d", p.Result)
			if p.ClosesElse {
				s += ", closed otherwise"
			}
		}
		if p.Async {
			s += ", in a goroutine"
		}
		if p.ExitLine > 0 {
			s += fmt.Sprintf(", open at %s %s:%d", exitKindName(p.ExitKind), p.ExitFile, p.ExitLine)
		}
		parts = append(parts, s)
	}
	var res []string
	for i, k := range f.Results {
		if k != 0 {
			res = append(res, fmt.Sprintf("%d %s", i, k))
		}
	}
	if len(res) > 0 {
		parts = append(parts, "returns fresh "+strings.Join(res, ", "))
	}
	if f.NonNilIfTrue > 0 {
		parts = append(parts, fmt.Sprintf("true: %d non-nil", f.NonNilIfTrue-1))
	}
	return strings.Join(parts, "; ")
}

// empty reports whether f says nothing, so need not be exported.
func (f *FuncFact) empty() bool {
	for _, p := range f.Params {
		if p.Effect != Unknown {
			return false
		}
	}
	for _, k := range f.Results {
		if k != 0 {
			return false
		}
	}
	return f.NonNilIfTrue == 0
}

// An Effect is what a function does with a resource passed to it.
type Effect uint8

const (
	Unknown    Effect = iota // not known: callers treat it as a transfer
	Closes                   // closes it on every path
	Borrows                  // neither closes nor keeps it
	ClosesSome               // closes it on some paths only
	Retains                  // keeps it: stores, sends or hands it on
	Returns                  // gives it back as a result
)

// String returns the effect's name.
func (e Effect) String() string {
	switch e {
	case Closes:
		return "closes"
	case Borrows:
		return "borrows"
	case ClosesSome:
		return "closes on some paths"
	case Retains:
		return "retains"
	case Returns:
		return "returns"
	}
	return "unknown"
}

func exitKindName(k ExitKind) string {
	switch k {
	case ReadErrorExit:
		return "io.EOF return"
	case ErrorReturnExit:
		return "error return"
	case ContinueExit:
		return "continue"
	case OverwriteExit:
		return "overwrite"
	case HandoffExit:
		return "hand-off"
	}
	return "return"
}

// resourceMethods are the methods of conns, listeners and bodies: an
// interface made only of these can hold a resource (io.Reader, io.Closer,
// net.Conn, …); one with other methods, or none, cannot usefully.
var resourceMethods = map[string]bool{
	"Read": true, "Write": true, "Close": true, "CloseRead": true, "CloseWrite": true,
	"LocalAddr": true, "RemoteAddr": true, "SetDeadline": true, "SetReadDeadline": true,
	"SetWriteDeadline": true, "Accept": true, "Addr": true, "ReadFrom": true, "WriteTo": true,
	"SyscallConn": true, "File": true,
}

// canHoldResource reports whether a value of type t can be a tracked
// resource or own one: a type parameter, an interface made of resource
// methods, *http.Response, or a type with a Close method.
func canHoldResource(t types.Type) bool {
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return true
	}
	if iface, ok := t.Underlying().(*types.Interface); ok {
		if iface.NumMethods() == 0 {
			return false
		}
		for i := 0; i < iface.NumMethods(); i++ {
			if !resourceMethods[iface.Method(i).Name()] {
				return false
			}
		}
		return true
	}
	if ptr, ok := t.Underlying().(*types.Pointer); ok && isNamed(ptr.Elem(), "net/http", "Response") {
		return true
	}
	return hasCloseMethod(t)
}

// hasCloseMethod reports whether t (or *t) has a method Close.
func hasCloseMethod(t types.Type) bool {
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			t = types.NewPointer(t)
		}
	}
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, "Close")
	_, isFunc := obj.(*types.Func)
	return isFunc
}

// mentionsResource reports whether sig has a parameter (other than the
// receiver) or result that can hold a resource: only such functions get
// facts.
func mentionsResource(sig *types.Signature) bool {
	for _, tuple := range []*types.Tuple{sig.Params(), sig.Results()} {
		for i := 0; i < tuple.Len(); i++ {
			if canHoldResource(tuple.At(i).Type()) {
				return true
			}
		}
	}
	return false
}

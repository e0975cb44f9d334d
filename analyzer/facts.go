package analyzer

import (
	"fmt"
	"go/types"
	"strings"
)

// A funcFact summarises, for callers in other packages, what a function does
// with the resources passed to it and which of its results are fresh
// resources the caller must close, or whether it is an error test. It is
// exported for functions with exported names whose signature mentions a
// type that can hold a resource (or, for functions that are not methods,
// that return a bool and take an error), and only when it says something
// (see engine.funcFact).
type funcFact struct {
	Params  []paramFact // indexed like ssa.Function.Params (receiver first); trailing Unknowns omitted
	Results []Kind      // per result: the kind of fresh resource it returns, or 0; nil if none
	Packet  uint64      // bit j: result j is a datagram (or raw) socket, with no TCP states
	// NonNilIfTrue is 1 + the index in Params of the error parameter that
	// a true result implies is non-nil (an error test such as
	// `func Failed(err error) bool { return err != nil }`), or 0.
	NonNilIfTrue int
	// Fails, when FailsKnown, are the paths on which its error result
	// may be non-nil (see failPaths): none, or each under a condition on
	// a parameter that a constant argument may rule out.
	Fails      []failPath
	FailsKnown bool
}

// A paramFact is what a function does with the resource passed as one
// parameter.
type paramFact struct {
	Effect effect
	Result int // for effectReturns: the result the parameter comes back as
	// ClosesElse, for effectReturns: it is closed on every path that does not
	// return it (a handshake helper that closes the conn when it fails).
	ClosesElse bool
	// LeftOnErr, for effectReturns: some error return leaves it open
	// (see summary.leftOnErr).
	LeftOnErr bool
	// ClosesOnErr, for effectClosesSome: it closes the parameter on its
	// error returns and on no other (see summary.closesOnErr).
	ClosesOnErr bool
	// Async: it hands the parameter to a goroutine it starts.
	Async bool
	// Derives, for effectBorrows: 1 + the index of a result that holds
	// the parameter without being able to close it (a generated gRPC
	// client), or 0.
	Derives int
	// Drains: the function may read it to io.EOF (see mayDrain).
	Drains bool
	// Owns: the function shows it owns the parameter and reports its own
	// leaks of it (see engine.ownsParam).
	Owns bool
	// For effectBorrows and effectClosesSome: the first exit that leaves it open.
	ExitKind ExitKind
	ExitFile string // base name of the exit's file
	ExitLine int
}

// AFact marks funcFact as an analysis fact.
func (*funcFact) AFact() {}

// String renders the fact for `// want f:"…"` expectations, e.g.
// "c: closes; r: borrows, open at io.EOF return x.go:12; results: conn".
func (f *funcFact) String() string {
	var parts []string
	for i, p := range f.Params {
		if p.Effect == effectUnknown {
			continue
		}
		s := fmt.Sprintf("%d: %s", i, p.Effect)
		if p.Effect == effectReturns {
			s += fmt.Sprintf(" as result %d", p.Result)
			if p.ClosesElse {
				s += ", closed otherwise"
			}
			if p.LeftOnErr {
				s += ", left open on an error"
			}
		}
		if p.ClosesOnErr {
			s += ", closed on its error returns only"
		}
		if p.Async {
			s += ", in a goroutine"
		}
		if p.Owns {
			s += ", owns it"
		}
		if p.Drains {
			s += ", may read it to io.EOF"
		}
		if p.Derives > 0 {
			s += fmt.Sprintf(", held by result %d", p.Derives-1)
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
	if f.FailsKnown {
		parts = append(parts, "fails "+failsString(f.Fails))
	}
	return strings.Join(parts, "; ")
}

// empty reports whether f says nothing, so need not be exported.
func (f *funcFact) empty() bool {
	for _, p := range f.Params {
		if p.Effect != effectUnknown {
			return false
		}
	}
	for _, k := range f.Results {
		if k != 0 {
			return false
		}
	}
	return f.NonNilIfTrue == 0 && !f.FailsKnown
}

// An effect is what a function does with a resource passed to it.
type effect uint8

const (
	effectUnknown    effect = iota // not known: callers treat it as a transfer
	effectCloses                   // closes it on every path
	effectBorrows                  // neither closes nor keeps it
	effectClosesSome               // closes it on some paths only
	effectRetains                  // keeps it: stores, sends or hands it on
	effectReturns                  // gives it back as a result
)

// String returns the effect's name.
func (e effect) String() string {
	switch e {
	case effectCloses:
		return "closes"
	case effectBorrows:
		return "borrows"
	case effectClosesSome:
		return "closes on some paths"
	case effectRetains:
		return "retains"
	case effectReturns:
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

// canHoldResource reports whether a value of type t can be a tracked
// resource or own one: a type parameter, an interface made of resource
// methods or with a Close method among others (a Kafka client's), an
// *http.Response, or a type with a Close method.
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
				return hasCloseMethod(t)
			}
		}
		return true
	}
	if isResponsePtr(t) {
		return true
	}
	return hasCloseMethod(t)
}

// hasCloseMethod reports whether t (or *t) has a method that releases it
// (see releaseMethods): Close, or a QUIC conn's CloseWithError.
func hasCloseMethod(t types.Type) bool {
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr {
		if _, isIface := t.Underlying().(*types.Interface); !isIface {
			t = types.NewPointer(t)
		}
	}
	for name := range releaseMethods {
		obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
		if _, isFunc := obj.(*types.Func); isFunc {
			return true
		}
	}
	return false
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

// takesReader reports whether sig has a reader parameter (see
// isReaderParam): such functions get facts when they may read it to
// io.EOF.
func takesReader(sig *types.Signature) bool {
	for i := 0; i < sig.Params().Len(); i++ {
		if isReaderParam(sig.Params().At(i).Type()) {
			return true
		}
	}
	return false
}

// failsString renders fail paths for expectations: "never", or each
// path's conditions ("1 == \"https\"") joined by " and ", paths by " or ".
func failsString(paths []failPath) string {
	if len(paths) == 0 {
		return "never"
	}
	var ps []string
	for _, p := range paths {
		var cs []string
		for _, c := range p {
			op := "!="
			if c.Equal {
				op = "=="
			}
			cs = append(cs, fmt.Sprintf("%d %s %s", c.Param, op, c.Value))
		}
		ps = append(ps, "if "+strings.Join(cs, " and "))
	}
	return strings.Join(ps, " or ")
}

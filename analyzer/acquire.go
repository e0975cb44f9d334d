package analyzer

// This file decides which calls acquire a resource: the tables, the
// -closewait.acquire flag, summaries and facts of functions returning a
// fresh resource, and dialers known only by name and signature.

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// acquirerOf reports whether call acquires a resource, and which.
func (e *engine) acquirerOf(call *ssa.CallCommon) (acquirer, bool) {
	fn := calleeFunc(call)
	if fn == nil {
		// A function literal called directly: its body says. A func
		// value named like a dialer, or returning a response.
		if call.StaticCallee() != nil {
			return freshAcquirer(e.freshResults(call))
		}
		if a, ok := e.builderAcquirer(call.Value.Type()); ok {
			return a, true
		}
		return dialerAcquirer(call, funcValueName(call.Value))
	}
	a, ok := e.tableAcquirer(call, fn)
	if ok && (e.config.exempt[e.fullName(fn)][a.Result] || a.Kind == Body && e.socketless(call)) {
		return acquirer{}, false
	}
	return a, ok
}

// tableAcquirer reports whether call (to fn) acquires a resource, by the
// tables, the -acquire flag, or fn's summary.
func (e *engine) tableAcquirer(call *ssa.CallCommon, fn *types.Func) (acquirer, bool) {
	name := e.fullName(fn)
	if a, ok := acquirers[name]; ok {
		return a, true
	}
	if a, ok := e.config.acquire[name]; ok {
		if n := fn.Type().(*types.Signature).Results().Len(); a.Result >= n {
			if e.err == nil {
				e.err = fmt.Errorf("-closewait.acquire entry %s:%d: %s has %d result(s), so there is no result %d", name, a.Result, name, n, a.Result)
			}
			return acquirer{}, false
		}
		return a, true
	}
	// Accept on any listener type, e.g. a user's wrapper around net.Listener.
	sig := fn.Type().(*types.Signature)
	if fn.Name() == "Accept" && sig.Recv() != nil && sig.Params().Len() == 0 &&
		sig.Results().Len() == 2 && isNamed(sig.Results().At(0).Type(), connInterface) {
		return acquirer{Conn, 0}, true
	}
	// A function that returns a fresh resource: a dial helper, a
	// constructor of a type that owns a conn.
	if a, ok := freshAcquirer(e.freshResults(call)); ok {
		return a, true
	}
	// A dialer behind an interface: no body to read, its name says it.
	if call.IsInvoke() {
		return dialerAcquirer(call, fn.Name())
	}
	return acquirer{}, false
}

// sessionAccept reports whether call is the Accept method of a type that
// is not a net listener (those are in the table): a multiplexed session
// (yamux, smux), whose streams close with the session.
func (e *engine) sessionAccept(call *ssa.CallCommon) bool {
	fn := calleeFunc(call)
	if fn == nil || fn.Name() != "Accept" {
		return false
	}
	_, known := acquirers[e.fullName(fn)]
	return !known
}

// freshAcquirer returns the acquirer of the first fresh result, if any.
func freshAcquirer(results []Kind) (acquirer, bool) {
	for i, k := range results {
		if k != 0 {
			return acquirer{k, i}, true
		}
	}
	return acquirer{}, false
}

// dialerAcquirer reports whether a call of a function or method named
// name, with no body the engine can read (an interface method, a func
// value), acquires a resource by its signature: one that returns a
// response and an error sends a request (a Doer's Do, a RoundTripper, a
// middleware chain's next), whatever its name, when it is given the
// *http.Request or no argument at all, and no response; one that returns a conn and
// an error opens it when its name says it dials (see dialerWords and
// dialerPrefixes), and one that returns a listener or a packet conn with an
// error binds it when its name says it listens (see listenerWords: a
// Listen or ListenPacket hook that defaults to net.Listen).
func dialerAcquirer(call *ssa.CallCommon, name string) (acquirer, bool) {
	res := call.Signature().Results()
	if res.Len() != 2 || !isErrorType(res.At(1).Type()) {
		return acquirer{}, false
	}
	first := res.At(0).Type()
	if isResponsePtr(first) {
		// One that is given a response too is a hook that vets or
		// replaces it (an SDK's AfterError(ctx, res, err)): what it
		// returns may be the response it was given, or nil. One given
		// arguments but no *http.Request runs a framework's own request
		// through its pipeline, whose steps may read and close the body
		// (azcore's Policy.Do(*policy.Request) downloads it).
		sig := call.Signature()
		return acquirer{Body, 0}, !takesParam(sig, isResponsePtr) && (sig.Params().Len() == 0 || takesParam(sig, isRequestPtr) || clientMethodSig(name, sig))
	}
	if nameHas(name, listenerWords) {
		switch {
		case isNamed(first, listenerInterface):
			return acquirer{Listener, 0}, true
		case isNamed(first, packetConnInterface) || isConnType(first):
			return acquirer{Conn, 0}, true
		}
	}
	if !isConnType(first) {
		return acquirer{}, false
	}
	if nameHas(name, dialerWords) {
		return acquirer{Conn, 0}, true
	}
	for _, p := range dialerPrefixes {
		if strings.HasPrefix(name, p) {
			return acquirer{Conn, 0}, true
		}
	}
	return acquirer{}, false
}

// isConnType reports whether t is net.Conn or a type from the net or
// crypto/tls packages that implements it.
func isConnType(t types.Type) bool {
	if isNamed(t, connInterface) {
		return true
	}
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	for _, n := range connTypes {
		if isNamed(t, n) {
			return true
		}
	}
	return false
}

// funcValueName returns the name of the variable or field a func value
// was loaded from ("dial" for t.dial or dial), or "".
func funcValueName(v ssa.Value) string {
	switch v := v.(type) {
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok {
			if f := structField(fa.X.Type(), fa.Field); f != nil {
				return f.Name()
			}
		}
		switch x := v.X.(type) {
		case *ssa.Global:
			return x.Name()
		case *ssa.FreeVar:
			return x.Name() // a local dialFunc captured by a closure
		case *ssa.Alloc:
			return localName(x) // a local variable a closure captures
		}
	case *ssa.Field:
		if f := structField(v.X.Type(), v.Field); f != nil {
			return f.Name()
		}
	case *ssa.Parameter:
		return v.Name()
	case *ssa.Function:
		return v.Name() // net.Dial as the default of a configured dialer
	case *ssa.Phi:
		// dialer := cfg.Dial; if dialer == nil { dialer = net.Dial }: the
		// first edge's name (Dial), if an edge has one.
		for _, e := range v.Edges {
			if _, nested := e.(*ssa.Phi); !nested {
				if name := funcValueName(e); name != "" {
					return name
				}
			}
		}
	}
	return ""
}

// localName returns the name of the local variable that alloc holds, or
// "" if it holds none: go/ssa places the allocation of a variable at the
// variable's declaration.
func localName(alloc *ssa.Alloc) string {
	fn := alloc.Parent()
	if fn == nil || fn.Pkg == nil || !alloc.Pos().IsValid() {
		return ""
	}
	scope := fn.Pkg.Pkg.Scope().Innermost(alloc.Pos())
	if scope == nil {
		return ""
	}
	for _, name := range scope.Names() {
		if v, ok := scope.Lookup(name).(*types.Var); ok && v.Pos() == alloc.Pos() {
			return name
		}
	}
	return ""
}

// freshResults returns, per result of call's static callee, the kind of
// fresh resource it returns, from its body in this package or its fact.
func (e *engine) freshResults(call *ssa.CallCommon) []Kind {
	fn := call.StaticCallee()
	if fn == nil {
		return nil
	}
	if e.summarizable(fn) {
		return e.analyze(bodyOf(fn)).results
	}
	var fact funcFact
	if obj := funcObject(fn); obj != nil && e.pass.ImportObjectFact(obj, &fact) {
		return fact.Results
	}
	return nil
}

// isResponsePtr reports whether t is *net/http.Response.
func isResponsePtr(t types.Type) bool {
	ptr, ok := t.Underlying().(*types.Pointer)
	return ok && isNamed(ptr.Elem(), responseType)
}

// isNamed reports whether t is the named type name, spelled as
// types.TypeString spells it: "net/http.Response".
func isNamed(t types.Type, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path()+"."+n.Obj().Name() == name
}

// takesParam reports whether a function of signature sig has a
// parameter whose type is.
func takesParam(sig *types.Signature, is func(types.Type) bool) bool {
	for p := range sig.Params().Variables() {
		if is(p.Type()) {
			return true
		}
	}
	return false
}

// clientMethodSig reports whether a method named name with signature sig
// has the name and parameters of one of *net/http.Client's methods that
// send a request given its URL: Get(url string), Post(url, contentType
// string, body io.Reader), PostForm(url string, data url.Values). An
// interface that abstracts http.Client (`type Client interface{ Get(url
// string) (*http.Response, error); … }`) sends one. (Head is left out: its
// response has no body.)
func clientMethodSig(name string, sig *types.Signature) bool {
	p := sig.Params()
	isString := func(i int) bool { return types.Identical(p.At(i).Type(), types.Typ[types.String]) }
	switch name {
	case "Get":
		return p.Len() == 1 && isString(0)
	case "Post":
		return p.Len() == 3 && isString(0) && isString(1) && isNamed(p.At(2).Type(), "io.Reader")
	case "PostForm":
		return p.Len() == 2 && isString(0) && isNamed(p.At(1).Type(), "net/url.Values")
	}
	return false
}

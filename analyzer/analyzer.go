// Package analyzer is closewait's resource-lifetime engine: a provider
// analyzer that finds, in every function, each acquisition of a socket-like
// resource (a connection, a listener, an HTTP response body) and each exit
// that the acquisition can reach still open. It reports nothing itself; the
// passes under passes/ read its Result through Leaks and word their
// diagnostics through Report.
package analyzer

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// Analyzer is the provider analyzer. Passes require it and call Leaks.
var Analyzer = &analysis.Analyzer{
	Name:       "closewait",
	Doc:        "find socket-like resources left open on some path (provider for the closewait passes; reports nothing)",
	URL:        "https://github.com/closewait/closewait",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, ctrlflow.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(FuncFact)},
}

// engine holds what the analysis of one package computes once and shares
// between functions: call syntax, summaries of same-package functions.
type engine struct {
	pass      *analysis.Pass
	config    *config
	ssaPkg    *ssa.Package
	inspect   *inspector.Inspector
	calls     map[token.Pos]callSite // built on the first acquisition
	summaries map[summaryKey]summary
	analyses  map[*ssa.Function]*funcAnalysis
	continues map[*ssa.Function][]token.Pos
	// infeasible holds, per function, the If blocks whose false edge is
	// the default of an exhaustive enum switch; enums caches enum values.
	infeasible map[*ssa.Function]map[*ssa.BasicBlock]bool
	enums      map[*types.Named][]string
	names      map[*types.Func]string // fullName cache: every call is looked up
	err        error                  // a configuration error found on the way
	errTests   map[*ssa.Function]int  // testedParam cache
}

// A funcAnalysis is what the engine found in one function: its leaks and,
// per result, the kind of fresh resource it returns (0 for none).
type funcAnalysis struct {
	leaks   []*Leak
	results []Kind
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	cfg, err := parseConfig(acquireFlag, exemptFlag)
	if err != nil {
		return nil, err
	}
	e := &engine{
		pass:      pass,
		config:    cfg,
		ssaPkg:    ssaInfo.Pkg,
		inspect:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		summaries: make(map[summaryKey]summary),
		analyses:  make(map[*ssa.Function]*funcAnalysis),
		continues: make(map[*ssa.Function][]token.Pos),

		infeasible: make(map[*ssa.Function]map[*ssa.BasicBlock]bool),
		enums:      make(map[*types.Named][]string),
		names:      make(map[*types.Func]string),
		errTests:   make(map[*ssa.Function]int),
	}
	// Generated code is not the user's to fix; its functions are still
	// analysed, as callees of the user's code. (ast.IsGenerated reads the
	// parsed file; staticcheck's generated fact re-reads it from disk.)
	gen := make(map[string]bool)
	for _, f := range pass.Files {
		if ast.IsGenerated(f) {
			gen[pass.Fset.File(f.FileStart).Name()] = true
		}
	}
	var leaks []*Leak
	for _, fn := range ssaInfo.SrcFuncs {
		e.exportFact(fn)
		for _, l := range e.analyze(fn).leaks {
			if !gen[pass.Fset.File(l.Call).Name()] {
				leaks = append(leaks, l)
			}
		}
	}
	if e.err != nil {
		return nil, e.err
	}
	sort.Slice(leaks, func(i, j int) bool { return leaks[i].Call < leaks[j].Call })
	dirs := parseDirectives(pass.Files)
	return &Result{Leaks: suppress(pass.Fset, leaks, dirs), Directives: dirs}, nil
}

// An acquisition is a call in the function under analysis that returns a
// fresh resource.
type acquisition struct {
	call  *ssa.Call
	what  acquirer
	block *ssa.BasicBlock
	index int          // of call in block.Instrs
	site  callSite     // the call's syntax
	obj   types.Object // the variable it is assigned to, or nil
}

// exportFact exports fn's summary for callers in other packages, if fn is
// a declared function they can call (its name is exported) whose
// signature mentions a resource, or a function (not a method: facts about
// methods are re-exported downstream) that may be an error test.
func (e *engine) exportFact(fn *ssa.Function) {
	obj, ok := fn.Object().(*types.Func)
	errTest := fn.Signature.Recv() == nil && isErrorTestSig(fn.Signature)
	if !ok || !obj.Exported() || fn.Parent() != nil || len(fn.Blocks) == 0 || obj.Pkg() != e.pass.Pkg || !mentionsResource(fn.Signature) && !errTest {
		return
	}
	if fact := e.funcFact(fn); !fact.empty() {
		e.pass.ExportObjectFact(obj, fact)
	}
}

// analyze returns (computing once) what the engine finds in fn.
func (e *engine) analyze(fn *ssa.Function) *funcAnalysis {
	if fa, ok := e.analyses[fn]; ok {
		return fa
	}
	e.analyses[fn] = &funcAnalysis{} // recursion: no fresh results yet
	fa := e.checkFunc(fn)
	e.analyses[fn] = fa
	return fa
}

// checkFunc finds the leaks of the acquisitions in fn, and which of its
// results return an acquisition to the caller.
func (e *engine) checkFunc(fn *ssa.Function) *funcAnalysis {
	fa := &funcAnalysis{results: make([]Kind, fn.Signature.Results().Len())}
	var acqs []*acquisition
	for _, b := range fn.Blocks {
		for k, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			what, ok := e.acquirerOf(&call.Call)
			if !ok {
				continue
			}
			a := &acquisition{call: call, what: what, block: b, index: k, site: e.callSite(call.Pos())}
			if id := a.site.target(what.Result); id != nil {
				a.obj = e.pass.TypesInfo.ObjectOf(id)
			}
			acqs = append(acqs, a)
		}
	}
	fa.leaks = append(fa.leaks, e.paramLeaks(fn)...)
	for _, a := range acqs {
		t := newTracker(e)
		t.add(resultValue(a.call, a.what.Result), isResource)
		t.run()
		if e.sessionAccept(&a.call.Call) {
			t.closingReceiverReleases(&a.call.Call)
		}
		for _, other := range acqs {
			if other != a && a.obj != nil && other.obj == a.obj {
				t.event(other.call, evOverwrite)
			}
		}
		acqErr := make(map[ssa.Value]bool)
		for _, v := range errAliases(errorResult(a.call)) {
			acqErr[v] = true
		}
		res := t.flow(fn, a.block, a.index+1, a.call, acqErr)
		if len(res.exits) > 0 {
			l := e.leak(a, res.exits)
			l.FixPos, l.FixText = e.fixFor(a, t, res.exits)
			fa.leaks = append(fa.leaks, l)
		}
		if res.returned {
			for j := range t.returnedAt {
				if fa.results[j] == 0 {
					fa.results[j] = a.what.Kind
				}
			}
		}
	}
	return fa
}

// acquirerOf reports whether call acquires a resource, and which.
func (e *engine) acquirerOf(call *ssa.CallCommon) (acquirer, bool) {
	fn := calleeFunc(call)
	if fn == nil {
		// A function literal called directly, or a func value named
		// like a dialer.
		if a, ok := freshAcquirer(e.freshResults(call)); ok {
			return a, true
		}
		return dialerAcquirer(call, funcValueName(call.Value))
	}
	a, ok := e.tableAcquirer(call, fn)
	if ok && e.config.exempt[e.fullName(fn)][a.Result] {
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
		sig.Results().Len() == 2 && isNamed(sig.Results().At(0).Type(), "net", "Conn") {
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
// value), opens a conn: its name starts with one of dialerPrefixes and it
// returns a conn and an error.
func dialerAcquirer(call *ssa.CallCommon, name string) (acquirer, bool) {
	sig := call.Signature()
	res := sig.Results()
	if res.Len() != 2 || !isErrorType(res.At(1).Type()) || !isConnType(res.At(0).Type()) {
		return acquirer{}, false
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
	if isNamed(t, "net", "Conn") {
		return true
	}
	if ptr, ok := types.Unalias(t).(*types.Pointer); ok {
		t = ptr.Elem()
	}
	for _, n := range connTypes {
		if isNamed(t, n[0], n[1]) {
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
			return x.Comment // a local variable a closure captures
		}
	case *ssa.Field:
		if f := structField(v.X.Type(), v.Field); f != nil {
			return f.Name()
		}
	case *ssa.Parameter:
		return v.Name()
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
	var fact FuncFact
	if obj := funcObject(fn); obj != nil && e.pass.ImportObjectFact(obj, &fact) {
		return fact.Results
	}
	return nil
}

// isNamed reports whether t is the named type pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// leak builds the Leak for acquisition a with its open exits.
func (e *engine) leak(a *acquisition, exits []Exit) *Leak {
	l := &Leak{
		Kind:  a.what.Kind,
		Call:  a.call.Pos(),
		Type:  typeString(a.call.Call.Signature().Results().At(a.what.Result).Type(), e.pass.Pkg),
		Exits: sortExits(exits),
	}
	if a.site.call != nil {
		l.Call = a.site.call.Pos()
		l.Callee = types.ExprString(a.site.call.Fun)
	}
	if a.obj != nil {
		l.Var = a.obj.Name()
	}
	name := e.fullName(calleeFunc(&a.call.Call))
	l.Packet = a.what.Kind == Conn && (packetAcquirers[name] || datagramNetwork(&a.call.Call, name))
	return l
}

// sortExits sorts exits by position and returns them.
func sortExits(exits []Exit) []Exit {
	sort.Slice(exits, func(i, j int) bool { return exits[i].Pos < exits[j].Pos })
	return exits
}

// datagramNetwork reports whether call (to the function named name) dials
// or listens on a constant datagram or raw network ("udp", "udp4",
// "ip4:icmp", "unixgram", …), passed as the parameter networkParams
// gives, or else as a string parameter named network.
func datagramNetwork(call *ssa.CallCommon, name string) bool {
	i, ok := networkParams[name]
	if !ok {
		i = -1
		params := call.Signature().Params()
		for j := 0; j < params.Len(); j++ {
			if p := params.At(j); p.Name() == "network" && types.Identical(p.Type(), types.Typ[types.String]) {
				i = j
			}
		}
	}
	c, ok := paramArg(call, i).(*ssa.Const)
	if !ok || c.Value == nil || c.Value.Kind() != constant.String {
		return false
	}
	network := constant.StringVal(c.Value)
	return strings.HasPrefix(network, "udp") || strings.HasPrefix(network, "ip") || network == "unixgram"
}

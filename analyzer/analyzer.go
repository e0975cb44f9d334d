package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
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
	FactTypes:  []analysis.Fact{new(funcFact)},
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
	funcs     map[*ssa.Function]*funcInfo
	srcFuncs  []*ssa.Function                         // the package's functions, literals included
	callSites map[*ssa.Function][]ssa.CallInstruction // see callSitesOf
	enums     map[*types.Named][]string               // see enumValues
	names     map[*types.Func]string                  // fullName cache: every call is looked up
	tails     map[tailKey]flowResult                  // see tailOf
	cells     map[cellKey]*tracker                    // see cellTracker
	wrappers  map[*types.Named]bool                   // see nonOwningWrapper
	forgotten map[*types.Var]bool                     // see forgottenField
	err       error                                   // a configuration error found on the way
}

// A funcAnalysis is what the engine found in one function: its leaks and,
// per result, the kind of fresh resource it returns (0 for none).
type funcAnalysis struct {
	leaks    []*Leak
	results  []Kind
	handedTo []handedTo // acquisitions handed to an owning goroutine
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
		srcFuncs:  ssaInfo.SrcFuncs,
		summaries: make(map[summaryKey]summary),
		funcs:     make(map[*ssa.Function]*funcInfo),
		enums:     make(map[*types.Named][]string),
		names:     make(map[*types.Func]string),
		tails:     make(map[tailKey]flowResult),
		cells:     make(map[cellKey]*tracker),
		wrappers:  make(map[*types.Named]bool),
		forgotten: make(map[*types.Var]bool),
	}
	// Generated code is not the user's to fix; its functions are still
	// analysed, as callees of the user's code. (ast.IsGenerated reads the
	// parsed file; staticcheck's generated fact re-reads it from disk.)
	gen := make(map[string]bool)
	cgo := make(map[string]bool) // its fixes would edit cgo's output, not the user's file
	for _, f := range pass.Files {
		name := pass.Fset.File(f.FileStart).Name()
		switch {
		case isCgoOutput(f):
			cgo[name] = true
		case ast.IsGenerated(f):
			gen[name] = true
		}
	}
	// The package initializer builds package-level commands.
	funcs := append(ssaInfo.SrcFuncs[:len(ssaInfo.SrcFuncs):len(ssaInfo.SrcFuncs)], ssaInfo.Pkg.Func("init"))
	for fn := range commandFuncs(pass.Pkg, funcs) {
		e.info(fn).endsProcess = true
	}
	for fn := range e.exitFeeders(ssaInfo.Pkg, funcs) {
		e.info(fn).endsProcess = true
	}
	var leaks []*Leak
	var handed []handedTo
	for _, fn := range ssaInfo.SrcFuncs {
		e.exportFact(fn)
		fa := e.analyze(fn)
		handed = append(handed, fa.handedTo...)
		for _, l := range fa.leaks {
			name := pass.Fset.File(l.Call).Name()
			if cgo[name] {
				l.Fix = nil
			}
			if !gen[name] {
				leaks = append(leaks, l)
			}
		}
	}
	if e.err != nil {
		return nil, e.err
	}
	sort.Slice(leaks, func(i, j int) bool { return leaks[i].Call < leaks[j].Call })
	dirs := parseDirectives(pass.Files)
	res := &Result{Directives: dirs}
	for _, l := range mergeHandoffs(suppress(pass.Fset, leaks, dirs), handed) {
		if l.Drained && !drainedFlag {
			res.Withheld = append(res.Withheld, l)
		} else {
			res.Leaks = append(res.Leaks, l)
		}
	}
	return res, nil
}

// isCgoOutput reports whether f is cmd/cgo's translation of the user's
// file: it says it is generated, but its code is the user's (its //line
// directives lead back to it), so its leaks are reported there.
func isCgoOutput(f *ast.File) bool {
	for _, cg := range f.Comments {
		if cg.Pos() >= f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "// Code generated by cmd/cgo") {
				return true
			}
		}
	}
	return false
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
	fi := e.info(fn)
	if fi.analysis != nil {
		return fi.analysis
	}
	fi.analysis = &funcAnalysis{} // recursion: no fresh results yet
	fa := e.checkFunc(fn)
	fi.analysis = fa
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
	objOf := make(map[*ssa.Call]types.Object) // acquisitions assigned to a variable
	byObj := make(map[types.Object][]*ssa.Call)
	for _, a := range acqs {
		if a.obj != nil {
			objOf[a.call] = a.obj
			byObj[a.obj] = append(byObj[a.obj], a.call)
		}
	}
	// From the last acquisition to the first, so that each walk finds the
	// tails of the ones after it known (see tailOf).
	returned := make([]*tracker, len(acqs))
	for i := len(acqs) - 1; i >= 0; i-- {
		a := acqs[i]
		t := newTracker(e)
		t.parks = receiverParam(fn)
		t.drains = a.what.Kind == Body
		t.add(resultValue(a.call, a.what.Result), isResource)
		t.run()
		if e.sessionAccept(&a.call.Call) {
			t.closingReceiverReleases(&a.call.Call)
		}
		if a.obj != nil {
			t.rivals = rivals{obj: a.obj, of: objOf, calls: byObj[a.obj]}
		}
		acqErr := make(map[ssa.Value]bool)
		for _, v := range errAliases(errorResult(a.call)) {
			acqErr[v] = true
		}
		res := t.flow(fn, a.block, a.index+1, a.call, acqErr)
		if len(res.parkedExits) > 0 {
			if dropper := e.receiverDropper(fn); dropper != "" {
				for _, x := range res.parkedExits {
					if !slices.ContainsFunc(res.exits, func(y Exit) bool { return y.Pos == x.Pos }) {
						x.Dropper = dropper
						res.exits = append(res.exits, x)
					}
				}
			}
		}
		for _, g := range t.goOwners {
			l := e.leak(a, nil)
			fa.handedTo = append(fa.handedTo, handedTo{param: g.param, by: Handoff{Call: l.Call, Subject: subject(l), Callee: l.Callee, Go: g.start}})
		}
		exits, drained := undrained(res.exits)
		if len(exits) > 0 {
			t.markWrappers(fn, exits)
			l := e.leak(a, exits)
			l.Drained = drained
			l.Fix = e.fixFor(fn, a, t, exits, acqErr)
			fa.leaks = append(fa.leaks, l)
		}
		if res.returned {
			returned[i] = t
		}
	}
	for i, t := range returned {
		if t == nil {
			continue
		}
		for j := range t.returnedAt {
			if fa.results[j] == 0 {
				fa.results[j] = acqs[i].what.Kind
			}
		}
	}
	return fa
}

// leak builds the Leak for acquisition a with its open exits.
func (e *engine) leak(a *acquisition, exits []Exit) *Leak {
	t := a.call.Call.Signature().Results().At(a.what.Result).Type()
	l := &Leak{
		Kind:       a.what.Kind,
		Call:       a.call.Pos(),
		Type:       typeString(t, e.pass.Pkg),
		InResponse: isResponsePtr(t),
		Exits:      sortExits(exits),
	}
	if a.site.call != nil {
		l.Call = a.site.call.Pos()
		l.Callee = types.ExprString(a.site.call.Fun)
	}
	switch {
	case a.obj != nil:
		l.Var = a.obj.Name()
	case slices.ContainsFunc(exits, func(x Exit) bool { return x.Dropper != "" }):
		// Parked in the receiver: name the field it was assigned to.
		if i := a.what.Result; i < len(a.site.lhs) {
			if sel, ok := ast.Unparen(a.site.lhs[i]).(*ast.SelectorExpr); ok {
				l.Var = types.ExprString(sel)
			}
		}
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

// undrained returns the exits that leave a socket held: those that some
// path reaches without reading the body to io.EOF (see Exit.Drained), or,
// when every exit is drained, all of them, with drained true.
func undrained(exits []Exit) (kept []Exit, drained bool) {
	for _, x := range exits {
		if !x.Drained {
			kept = append(kept, x)
		}
	}
	if len(kept) == 0 && len(exits) > 0 {
		return exits, true
	}
	return kept, false
}

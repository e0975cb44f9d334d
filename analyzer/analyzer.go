// Package analyzer is closewait's resource-lifetime engine: a provider
// analyzer that finds, in every function, each acquisition of a socket-like
// resource (a connection, a listener, an HTTP response body) and each exit
// that the acquisition can reach still open. It reports nothing itself; the
// passes under passes/ read its Result through Leaks and word their
// diagnostics through Report.
package analyzer

import (
	"go/token"
	"go/types"
	"reflect"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
	"honnef.co/go/tools/analysis/facts/generated"
)

// Analyzer is the provider analyzer. Passes require it and call Leaks.
var Analyzer = &analysis.Analyzer{
	Name:       "closewait",
	Doc:        "find socket-like resources left open on some path (provider for the closewait passes; reports nothing)",
	URL:        "https://github.com/closewait/closewait",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, ctrlflow.Analyzer, generated.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

// engine holds what the analysis of one package computes once and shares
// between functions: call syntax, summaries of same-package functions.
type engine struct {
	pass      *analysis.Pass
	ssaPkg    *ssa.Package
	calls     map[token.Pos]callSite
	summaries map[summaryKey]effect
	continues map[*ssa.Function][]token.Pos
}

func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	e := &engine{
		pass:      pass,
		ssaPkg:    ssaInfo.Pkg,
		calls:     indexCalls(pass.Files),
		summaries: make(map[summaryKey]effect),
		continues: make(map[*ssa.Function][]token.Pos),
	}
	gen := pass.ResultOf[generated.Analyzer].(map[string]generated.Generator)
	var leaks []*Leak
	for _, fn := range ssaInfo.SrcFuncs {
		for _, l := range e.checkFunc(fn) {
			// Generated code is not the user's to fix; its functions are
			// still analysed, as callees of the user's code.
			if _, isGen := gen[pass.Fset.File(l.Call).Name()]; !isGen {
				leaks = append(leaks, l)
			}
		}
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

// checkFunc returns the leaks of the acquisitions in fn.
func (e *engine) checkFunc(fn *ssa.Function) []*Leak {
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
			a := &acquisition{call: call, what: what, block: b, index: k, site: e.calls[call.Pos()]}
			if id := a.site.target(what.Result); id != nil {
				a.obj = e.pass.TypesInfo.ObjectOf(id)
			}
			acqs = append(acqs, a)
		}
	}
	var leaks []*Leak
	for _, a := range acqs {
		t := newTracker(e)
		t.add(resultValue(a.call, a.what.Result), isResource)
		t.run()
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
			leaks = append(leaks, l)
		}
	}
	return leaks
}

// acquirerOf reports whether call acquires a resource, and which.
func (e *engine) acquirerOf(call *ssa.CallCommon) (acquirer, bool) {
	fn := calleeFunc(call)
	if fn == nil {
		return acquirer{}, false
	}
	if a, ok := acquirers[fn.FullName()]; ok {
		return a, true
	}
	// Accept on any listener type, e.g. a user's wrapper around net.Listener.
	sig := fn.Type().(*types.Signature)
	if fn.Name() == "Accept" && sig.Recv() != nil && sig.Params().Len() == 0 &&
		sig.Results().Len() == 2 && isNamed(sig.Results().At(0).Type(), "net", "Conn") {
		return acquirer{Conn, 0}, true
	}
	return acquirer{}, false
}

// isNamed reports whether t is the named type pkg.name.
func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

// leak builds the Leak for acquisition a with its open exits.
func (e *engine) leak(a *acquisition, exits []Exit) *Leak {
	sort.Slice(exits, func(i, j int) bool { return exits[i].Pos < exits[j].Pos })
	l := &Leak{
		Kind:  a.what.Kind,
		Call:  a.call.Pos(),
		Type:  typeString(a.call.Call.Signature().Results().At(a.what.Result).Type(), e.pass.Pkg),
		Exits: exits,
	}
	if a.site.call != nil {
		l.Call = a.site.call.Pos()
		l.Callee = types.ExprString(a.site.call.Fun)
	}
	if a.obj != nil {
		l.Var = a.obj.Name()
	}
	return l
}

package analyzer

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"
)

// Analyzer is the provider analyzer. Passes require it and call Leaks.
var Analyzer = &analysis.Analyzer{
	Name:       "closewait",
	Doc:        "find socket-like resources left open on some path (provider for the closewait passes; reports nothing)",
	URL:        "https://github.com/closewait/closewait",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, inspect.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
	FactTypes:  []analysis.Fact{new(funcFact), new(builderFact)},
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
	enums     map[types.Object][]string               // see enumValues, fieldValues
	names     map[*types.Func]string                  // fullName cache: every call is looked up
	tails     map[tailKey]flowResult                  // see tailOf
	cells     map[cellKey]*tracker                    // see cellTracker
	wrappers  map[*types.Named]bool                   // see nonOwningWrapper
	forgotten map[*types.Var]bool                     // see forgottenField
	selects   map[*types.Var][]ssa.Value              // see fieldSelects
	asserted  map[*types.Var]bool                     // see closedThroughAssertion
	builders  map[*types.TypeName]acquirer            // see packageBuilders
	err       error                                   // a configuration error found on the way
}

// A funcAnalysis is what the engine found in one function: its leaks and,
// per result, the kind of fresh resource it returns (0 for none).
type funcAnalysis struct {
	leaks    []*Leak
	results  []Kind
	packet   uint64     // bit j: result j is a datagram (or raw) socket, see packetAcquisition
	handedTo []handedTo // acquisitions handed to an owning goroutine
}

// run analyses the package of pass: every function's acquisitions and
// the exits they reach still open, less those a directive suppresses
// (and those in generated files under -closewait.generated=false). It
// exports the facts of the package's functions on the way.
func run(pass *analysis.Pass) (any, error) {
	ssaInfo := pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
	cfg, err := parseConfig(acquireFlag, exemptFlag)
	if err != nil {
		return nil, err
	}
	e := newEngine(pass, cfg, ssaInfo)
	e.markProcessEnds(ssaInfo)
	leaks, handed := e.checkPackage(ssaInfo.SrcFuncs)
	if e.err != nil {
		return nil, e.err
	}
	sort.Slice(leaks, func(i, j int) bool { return leaks[i].Call < leaks[j].Call })
	dirs := parseDirectives(pass.Files)
	res := &Result{Directives: dirs}
	for _, l := range mergeHandoffs(suppress(pass.Fset, leaks, dirs), handed) {
		if l.Drained && !drainedFlag {
			l.withheld = true
			res.Withheld = append(res.Withheld, l)
		} else {
			res.Leaks = append(res.Leaks, l)
		}
	}
	return res, nil
}

// newEngine returns the engine of pass's package, whose SSA form is
// ssaInfo, configured by cfg.
func newEngine(pass *analysis.Pass, cfg *config, ssaInfo *buildssa.SSA) *engine {
	return &engine{
		pass:      pass,
		config:    cfg,
		ssaPkg:    ssaInfo.Pkg,
		inspect:   pass.ResultOf[inspect.Analyzer].(*inspector.Inspector),
		srcFuncs:  ssaInfo.SrcFuncs,
		summaries: make(map[summaryKey]summary),
		funcs:     make(map[*ssa.Function]*funcInfo),
		enums:     make(map[types.Object][]string),
		names:     make(map[*types.Func]string),
		tails:     make(map[tailKey]flowResult),
		cells:     make(map[cellKey]*tracker),
		wrappers:  make(map[*types.Named]bool),
		forgotten: make(map[*types.Var]bool),
		asserted:  make(map[*types.Var]bool),
	}
}

// markProcessEnds records the functions of the package whose return ends
// the process: the bodies of commands (see commandFuncs) and the
// functions that only feed an exit (see exitFeeders).
func (e *engine) markProcessEnds(ssaInfo *buildssa.SSA) {
	// The package initializer builds package-level commands.
	funcs := append(ssaInfo.SrcFuncs[:len(ssaInfo.SrcFuncs):len(ssaInfo.SrcFuncs)], ssaInfo.Pkg.Func("init"))
	for fn := range commandFuncs(e.pass.Pkg, funcs) {
		e.info(fn).endsProcess = true
	}
	for fn := range e.exitFeeders(ssaInfo.Pkg, funcs) {
		e.info(fn).endsProcess = true
	}
}

// checkPackage exports the fact of each of funcs and returns their leaks,
// without fixes in generated files and cgo's output (a fix would edit a
// generator's output, not the user's file), and less those in generated
// files under -closewait.generated=false; and the acquisitions they hand
// to owning goroutines.
func (e *engine) checkPackage(funcs []*ssa.Function) ([]*Leak, []handedTo) {
	// A leak in generated code leaks a socket of the user's program all
	// the same (go vet and staticcheck report correctness findings there
	// too); its functions are analysed in any case, as callees of the
	// user's code. (ast.IsGenerated reads the parsed file; staticcheck's
	// generated fact re-reads it from disk.) cmd/cgo's translation of a
	// file is marked generated, but its code is the user's.
	gen := make(map[string]bool)
	cgo := make(map[string]bool)
	for _, f := range e.pass.Files {
		name := e.pass.Fset.File(f.FileStart).Name()
		cgo[name] = isCgoOutput(f)
		gen[name] = !cgo[name] && ast.IsGenerated(f)
	}
	var leaks []*Leak
	var handed []handedTo
	e.exportBuilderFacts()
	for _, fn := range funcs {
		e.exportFact(fn)
		fa := e.analyze(fn)
		handed = append(handed, fa.handedTo...)
		for _, l := range fa.leaks {
			name := e.pass.Fset.File(l.Call).Name()
			if gen[name] || cgo[name] {
				l.Fix = nil
			}
			if generatedFlag || !gen[name] {
				leaks = append(leaks, l)
			}
		}
	}
	return leaks, handed
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

// exportFact exports fn's summary for callers in other packages, if fn is
// a declared function they can call (its name is exported) whose
// signature mentions a resource, or a function (not a method: facts about
// methods are re-exported downstream) that may be an error test.
func (e *engine) exportFact(fn *ssa.Function) {
	obj, ok := fn.Object().(*types.Func)
	errTest := fn.Signature.Recv() == nil && isErrorTestSig(fn.Signature)
	if !ok || !obj.Exported() || fn.Parent() != nil || len(fn.Blocks) == 0 || obj.Pkg() != e.pass.Pkg || !mentionsResource(fn.Signature) && !takesReader(fn.Signature) && !errTest {
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

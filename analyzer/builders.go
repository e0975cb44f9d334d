package analyzer

// This file knows builder func types: a named func type whose values in
// its own package are all functions returning a fresh resource (goka's
// `type TopicManagerBuilder func(brokers []string) (TopicManager, error)`,
// whose default and configured builders each connect a new client). The
// type is the contract: a value of it, the package's default or the
// user's replacement from an option, builds a new resource per call, so
// a call through it (`g.opts.builders.topicmgr(g.brokers)`) acquires what
// it returns, as a call of the default would.

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// A builderFact says that calls of values of a named func type acquire
// the resource of kind Kind at result Result. It is exported for the
// package's exported named func types whose values in the package all
// return a fresh resource there.
type builderFact struct {
	Kind   Kind
	Result int
}

// AFact marks builderFact as an analysis fact.
func (*builderFact) AFact() {}

// String renders the fact for `// want` expectations.
func (f *builderFact) String() string { return "builds " + f.Kind.String() }

// builderAcquirer reports whether a call of a func value of type t
// acquires a resource because t is a builder func type (see
// packageBuilders), of this package or, by its fact, of another.
func (e *engine) builderAcquirer(t types.Type) (acquirer, bool) {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return acquirer{}, false
	}
	if _, ok := named.Underlying().(*types.Signature); !ok {
		return acquirer{}, false
	}
	if named.Obj().Pkg() != e.pass.Pkg {
		var fact builderFact
		if e.pass.ImportObjectFact(named.Obj(), &fact) {
			return acquirer(fact), true
		}
		return acquirer{}, false
	}
	a, ok := e.packageBuilders()[named.Obj()]
	return a, ok
}

// packageBuilders returns (computing once) the builder func types of the
// package: each named func type of the package that some function of the
// package converts a function to (a default assigned to an option
// field, a closure returned by a builder factory, an explicit
// conversion), where every such function returns a fresh resource of the
// same kind at the same result. A value converted from anything else (a
// func variable, a method value) makes the type's contract unknown.
func (e *engine) packageBuilders() map[*types.TypeName]acquirer {
	if e.builders != nil {
		return e.builders
	}
	e.builders = make(map[*types.TypeName]acquirer)
	unknown := make(map[*types.TypeName]bool)
	funcs := append(e.srcFuncs[:len(e.srcFuncs):len(e.srcFuncs)], e.ssaPkg.Func("init"))
	for _, fn := range funcs {
		if fn == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ct, ok := instr.(*ssa.ChangeType)
				if !ok {
					continue
				}
				obj := e.localFuncType(ct.Type())
				if obj == nil || unknown[obj] {
					continue
				}
				a, ok := e.builtFresh(ct.X)
				if prev, seen := e.builders[obj]; !ok || seen && prev != a {
					unknown[obj] = true
					delete(e.builders, obj)
					continue
				}
				e.builders[obj] = a
			}
		}
	}
	return e.builders
}

// localFuncType returns the type name of t if t is a named func type of
// this package, or nil.
func (e *engine) localFuncType(t types.Type) *types.TypeName {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() != e.pass.Pkg {
		return nil
	}
	if _, ok := named.Underlying().(*types.Signature); !ok {
		return nil
	}
	return named.Obj()
}

// builtFresh reports whether v, converted to a builder func type, is a
// function of the package (declared, or a literal) that returns a fresh
// resource, and which.
func (e *engine) builtFresh(v ssa.Value) (acquirer, bool) {
	var fn *ssa.Function
	switch v := v.(type) {
	case *ssa.Function:
		fn = v
	case *ssa.MakeClosure:
		fn, _ = v.Fn.(*ssa.Function)
	}
	if fn == nil || !e.summarizable(fn) {
		return acquirer{}, false
	}
	return freshAcquirer(e.analyze(bodyOf(fn)).results)
}

// exportBuilderFacts exports a builderFact for each exported builder func
// type of the package, for callers in other packages.
func (e *engine) exportBuilderFacts() {
	for obj, a := range e.packageBuilders() {
		if obj.Exported() {
			e.pass.ExportObjectFact(obj, &builderFact{Kind: a.Kind, Result: a.Result})
		}
	}
}

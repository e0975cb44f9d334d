// Package runner runs analyzers over packages and their dependencies the
// way the standalone closewait command needs: one package at a time in
// dependency order, releasing each package's syntax, type information and
// SSA as soon as its analysis is done, and keeping the types and facts of
// a package only while a package that imports it (directly or not) is
// still to be analyzed. Memory is bounded by the largest packages being
// analyzed plus the types of the dependencies in flight, not by the
// whole program.
//
// With a cache directory, each package's facts and diagnostics are stored
// under a key derived from the content of its files, its dependencies'
// keys, the closewait executable and the analyzers' flags; a later run
// over unchanged packages reads them instead of analyzing again. Entries
// are authenticated with a key private to the user, and the directory is
// never left through a symbolic link (see cache).
//
// The results are those of golang.org/x/tools/go/analysis/checker on the
// same packages loaded with packages.LoadAllSyntax: the same actions (an
// analyzer on a root package; a fact-using analyzer and its requirements
// on every dependency), the same facts visible to each action (see
// factVisible), the same diagnostics and errors.
package runner

import (
	"container/heap"
	"fmt"
	"go/token"
	"go/types"
	"io"
	"runtime"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Options configure one run.
type Options struct {
	Analyzers []*analysis.Analyzer // the analyzers to run on the root packages
	Patterns  []string             // package patterns, as for go list
	Tests     bool                 // load the test variants too
	Dir       string               // directory of the patterns, if not the working one

	// CacheDir is the cache's directory; "" runs without a cache.
	CacheDir string
	// Progress, if not nil, receives a line of progress ("packages done
	// of total"), rewritten in place: a terminal.
	Progress io.Writer
	// Warn is called with each warning (an unusable cache entry), if set.
	Warn func(msg string)
	// Sequential analyzes one package at a time (for tests and
	// measurements); otherwise up to GOMAXPROCS at once.
	Sequential bool
}

// A Result is what a run found.
type Result struct {
	// Packages are the packages the patterns matched, as go/packages
	// returns them, with Imports set. The parse and type errors found
	// while analyzing are appended to their Errors (and to those of
	// their dependencies), as packages.Load would with LoadAllSyntax.
	Packages []*packages.Package
	// Fset holds the positions of every diagnostic.
	Fset *token.FileSet
	// Actions are the units of analysis: an analyzer on a package.
	// Diagnostics are kept for root actions only.
	Actions []*Action
	// Analyzed says whether any package was analyzed: false when every
	// root package has errors (itself or a dependency).
	Analyzed bool
	// Skipped are the packages the patterns matched that were not
	// analyzed, each with the reason.
	Skipped []Skipped
	// Stats counts what the run did.
	Stats Stats

	analyzers []*analysis.Analyzer // Options.Analyzers
}

// Stats counts the packages of a run by what happened to them.
type Stats struct {
	Packages  int // in the import graph of the roots
	Analyzed  int // analyzed from source
	Cached    int // whose results came from the cache
	TypesOnly int // cached, but type-checked for a dependent that was not
	// MaxLive is the largest number of packages whose types and facts
	// were held at once: the memory bound, against Packages.
	MaxLive int
}

// An Action is one analyzer's run on one package.
type Action struct {
	Analyzer    *analysis.Analyzer
	Package     *packages.Package
	IsRoot      bool
	Diagnostics []analysis.Diagnostic // of a root action, in report order
	Err         error
	// DepFailed reports whether Err is only the failure of a
	// prerequisite ("failed prerequisites: …").
	DepFailed bool
}

// String returns "analyzer@package", as checker.Action does.
func (a *Action) String() string { return fmt.Sprintf("%s@%s", a.Analyzer, a.Package) }

// Run loads opts.Patterns and analyzes them. It returns an error only if
// the patterns cannot be loaded at all.
func Run(opts Options) (*Result, error) {
	if err := analysis.Validate(opts.Analyzers); err != nil {
		return nil, err
	}
	mode := packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedDeps | packages.NeedModule | packages.NeedTypesSizes
	cfg := &packages.Config{Mode: mode, Tests: opts.Tests, Dir: opts.Dir}
	pkgs, err := packages.Load(cfg, opts.Patterns...)
	if err != nil {
		return nil, err
	}
	r := &run{opts: opts, fset: token.NewFileSet(), res: &Result{Packages: pkgs, analyzers: opts.Analyzers}}
	r.res.Fset = r.fset
	if len(pkgs) == 0 {
		return r.res, nil
	}
	r.plan(pkgs)
	r.markAnalyzed()
	if err := r.prepareCache(); err != nil {
		r.warn(err.Error() + "; running without it")
		r.cache = nil
		for _, n := range r.nodes {
			n.needType = true
		}
	}
	r.execute()
	r.finish()
	if r.cache != nil {
		r.cache.reportFailures(r)
		r.cache.close()
	}
	return r.res, nil
}

// A run is the state of one Run.
type run struct {
	opts  Options
	fset  *token.FileSet
	res   *Result
	nodes []*node // in a topological order: imports first
	byPkg map[*packages.Package]*node

	rootSet, depSet []*analysis.Analyzer // per role, requirements first

	cache *cache

	mu      sync.Mutex
	byTypes map[*types.Package]*node // nodes whose types are live
}

// A node is one package of the import graph.
type node struct {
	pkg        *packages.Package
	imports    []*node // sorted by import path
	dependents []*node
	index      int  // in run.nodes
	root       bool // a package the patterns matched that can be analyzed
	bad        bool // it, or a dependency, has errors
	analyze    bool // run analyzers on it (a root, or a dependency of one)

	// Cache state.
	key      string // content key ("" without a cache)
	entry    *entry // the cached entry, if any
	needType bool   // type-check it: it is analyzed, or a dependent is

	// Live while a dependent is pending.
	types   *types.Package
	direct  map[*types.Package]bool        // types of the direct imports
	facts   map[factKey]analysis.Fact      // exported by this package
	pending int                            // imports not done yet
	waiting int                            // dependents, direct or not, not done yet
	deps    []*node                        // transitive imports
	actions map[*analysis.Analyzer]*Action // of this package
}

// plan builds the graph, marks the roots and orders the nodes.
func (r *run) plan(pkgs []*packages.Package) {
	r.byPkg = make(map[*packages.Package]*node)
	var visit func(p *packages.Package) *node
	visit = func(p *packages.Package) *node {
		if n, ok := r.byPkg[p]; ok {
			return n
		}
		n := &node{pkg: p}
		r.byPkg[p] = n
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		n.bad = len(p.Errors) > 0
		for _, path := range paths {
			imp := visit(p.Imports[path])
			n.imports = append(n.imports, imp)
			imp.dependents = append(imp.dependents, n)
		}
		n.index = len(r.nodes)
		r.nodes = append(r.nodes, n)
		return n
	}
	for _, p := range pkgs {
		visit(p)
	}
	r.rootSet = closure(r.opts.Analyzers)
	var factful []*analysis.Analyzer
	for _, a := range r.rootSet {
		if len(a.FactTypes) > 0 {
			factful = append(factful, a)
		}
	}
	r.depSet = closure(factful)
	for _, p := range pkgs {
		r.byPkg[p].root = true
	}
	r.res.Stats.Packages = len(r.nodes)
}

// closure returns analyzers and their requirements, each after its
// requirements.
func closure(analyzers []*analysis.Analyzer) []*analysis.Analyzer {
	var out []*analysis.Analyzer
	seen := make(map[*analysis.Analyzer]bool)
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			visit(req)
		}
		out = append(out, a)
	}
	for _, a := range analyzers {
		visit(a)
	}
	return out
}

// warn reports a warning through opts.Warn, if set.
func (r *run) warn(msg string) {
	if r.opts.Warn != nil {
		r.opts.Warn(msg)
	}
}

// set returns the analyzers to run on n.
func (r *run) set(n *node) []*analysis.Analyzer {
	if n.root {
		return r.rootSet
	}
	return r.depSet
}

// markAnalyzed decides which nodes are analyzed: the roots that are not
// bad (a bad root is only type-checked, for its errors) and, if some
// analyzer uses facts, their dependencies.
func (r *run) markAnalyzed() {
	for _, n := range r.nodes { // imports first
		for _, imp := range n.imports {
			n.bad = n.bad || imp.bad
		}
	}
	var mark func(n *node)
	mark = func(n *node) {
		if n.analyze {
			return
		}
		n.analyze = true
		if len(r.depSet) > 0 {
			for _, imp := range n.imports {
				mark(imp)
			}
		}
	}
	for _, n := range r.nodes {
		if n.root && !n.bad {
			mark(n)
			r.res.Analyzed = true
		}
	}
}

// execute type-checks and analyzes the nodes in dependency order, up to
// GOMAXPROCS at a time, the ready node first in the order of r.nodes
// (a depth-first post-order from the roots, which finishes the imports
// of one root before starting another's and so releases them sooner).
func (r *run) execute() {
	r.byTypes = make(map[*types.Package]*node)
	for _, n := range r.nodes {
		n.pending = len(n.imports)
	}
	r.countWaiting()
	workers := runtime.GOMAXPROCS(0)
	if r.opts.Sequential {
		workers = 1
	}
	var (
		mu    sync.Mutex
		cond  = sync.NewCond(&mu)
		ready nodeHeap
		left  = len(r.nodes)
	)
	for _, n := range r.nodes {
		if n.pending == 0 {
			heap.Push(&ready, n)
		}
	}
	progress := newProgress(r.opts.Progress, len(r.nodes))
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				mu.Lock()
				for ready.Len() == 0 && left > 0 {
					cond.Wait()
				}
				if left == 0 {
					mu.Unlock()
					return
				}
				n := heap.Pop(&ready).(*node)
				mu.Unlock()

				r.process(n)

				mu.Lock()
				left--
				for _, d := range n.dependents {
					d.pending--
					if d.pending == 0 {
						heap.Push(&ready, d)
					}
				}
				r.release(n)
				progress.step()
				cond.Broadcast()
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	progress.end()
}

// countWaiting sets each node's transitive imports and the number of
// nodes that import it, directly or not.
func (r *run) countWaiting() {
	for _, n := range r.nodes { // imports first
		seen := make(map[*node]bool)
		for _, imp := range n.imports {
			if !seen[imp] {
				seen[imp] = true
				n.deps = append(n.deps, imp)
			}
			for _, d := range imp.deps {
				if !seen[d] {
					seen[d] = true
					n.deps = append(n.deps, d)
				}
			}
		}
		for _, d := range n.deps {
			d.waiting++
		}
	}
}

// release, called with n done, drops what no pending node needs: the
// types and facts of each transitive import of n (and of n) that has no
// dependent left to analyze.
func (r *run) release(n *node) {
	drop := func(d *node) {
		if d.waiting > 0 || d.types == nil {
			return
		}
		r.mu.Lock()
		delete(r.byTypes, d.types)
		r.mu.Unlock()
		d.types, d.direct, d.facts = nil, nil, nil
	}
	for _, d := range n.deps {
		d.waiting--
		drop(d)
	}
	n.deps = nil
	drop(n)
}

// finish gathers the actions and the findings of the roots, and the
// roots that were not analyzed.
func (r *run) finish() {
	for _, n := range r.nodes {
		for _, a := range r.set(n) {
			if act := n.actions[a]; act != nil {
				r.res.Actions = append(r.res.Actions, act)
			}
		}
		if n.root {
			if s, ok := r.skipped(n); ok {
				r.res.Skipped = append(r.res.Skipped, s)
			}
		}
	}
}

// live records n's types as live, for the lookup of facts by package.
func (r *run) live(n *node) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byTypes[n.types] = n
	r.res.Stats.MaxLive = max(r.res.Stats.MaxLive, len(r.byTypes))
}

// count updates the run's statistics.
func (r *run) count(f func(*Stats)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f(&r.res.Stats)
}

// lookup returns the live node of pkg, or nil.
func (r *run) lookup(pkg *types.Package) *node {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byTypes[pkg]
}

// A nodeHeap orders ready nodes by their index in run.nodes.
type nodeHeap []*node

func (h nodeHeap) Len() int           { return len(h) }
func (h nodeHeap) Less(i, j int) bool { return h[i].index < h[j].index }
func (h nodeHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *nodeHeap) Push(x any)        { *h = append(*h, x.(*node)) }
func (h *nodeHeap) Pop() any {
	old := *h
	n := old[len(old)-1]
	*h = old[:len(old)-1]
	return n
}

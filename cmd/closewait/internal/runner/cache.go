package runner

import (
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// An entry is what the analysis of one package left for later runs.
type entry struct {
	Facts   []gobFact
	Actions []cachedAction // one per analyzer run on the package, in order
	Files   []cachedFile   // the files of the diagnostics' positions
}

// A gobFact is a fact about the package (Object "") or one of its objects.
type gobFact struct {
	Analyzer string
	Object   objectpath.Path
	Fact     analysis.Fact
}

// A cachedAction is an analyzer's diagnostics on a root package.
type cachedAction struct {
	Analyzer    string
	Diagnostics []cachedDiagnostic
}

// A cachedPos is a position: an index in entry.Files and an offset in
// that file; File -1 is token.NoPos.
type cachedPos struct {
	File, Offset int
}

type cachedDiagnostic struct {
	Pos, End          cachedPos
	Category, Message string
	URL               string
	Fixes             []cachedFix
	Related           []cachedRelated
}

type cachedFix struct {
	Message string
	Edits   []cachedEdit
}

type cachedEdit struct {
	Pos, End cachedPos
	NewText  []byte
}

type cachedRelated struct {
	Pos, End cachedPos
	Message  string
}

// A cachedFile is what token.File needs to give the positions of a
// file as the run that stored them did: its name, size, line table and,
// for each stored offset if the file has //line directives, the
// position that offset had (Infos is empty otherwise).
type cachedFile struct {
	Name  string
	Size  int
	Lines []int
	Infos []cachedLineInfo
}

type cachedLineInfo struct {
	Offset       int
	Filename     string
	Line, Column int
}

// DefaultCacheDir returns the cache directory of a run without -cache:
// closewait under the user's cache directory (os.UserCacheDir:
// $XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS).
func DefaultCacheDir() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "closewait"), nil
}

// prepareCache computes each node's cache key, reads the entries that
// exist and decides which nodes must be type-checked. Without a cache
// every node is, as packages.Load would.
func (r *run) prepareCache() error {
	if r.opts.CacheDir == "" {
		for _, n := range r.nodes {
			n.needType = true
		}
		return nil
	}
	c, err := openCache(r.opts.CacheDir)
	if err != nil {
		return fmt.Errorf("cache: %v", err)
	}
	r.cache = c
	registerFacts(r.rootSet)
	salt, err := r.salt()
	if err != nil {
		return fmt.Errorf("cache: %v", err)
	}
	hashes := r.hashFiles()
	for _, n := range r.nodes { // imports first
		h := sha256.New()
		p := n.pkg
		fmt.Fprintf(h, "%s\nid %s\npath %s\nname %s\nsizes %#v\n", salt, p.ID, p.PkgPath, p.Name, p.TypesSizes)
		if p.Module != nil {
			fmt.Fprintf(h, "go %s\n", p.Module.GoVersion)
		}
		for _, f := range p.CompiledGoFiles {
			fmt.Fprintf(h, "file %s %s\n", f, hashes[f])
		}
		for _, f := range p.OtherFiles {
			fmt.Fprintf(h, "other %s\n", f)
		}
		for _, f := range p.IgnoredFiles {
			fmt.Fprintf(h, "ignored %s\n", f)
		}
		paths := make([]string, 0, len(p.Imports))
		for path := range p.Imports {
			paths = append(paths, path)
		}
		sort.Strings(paths)
		for _, path := range paths {
			fmt.Fprintf(h, "import %s %s\n", path, r.byPkg[p.Imports[path]].key)
		}
		n.key = hex.EncodeToString(h.Sum(nil))
	}
	// Entries are read in parallel: a warm run reads one per package.
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)*2)
	var mu sync.Mutex
	for _, n := range r.nodes {
		if n.bad || !n.analyze {
			continue
		}
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			e, err := r.cache.read(r.entryName(n))
			if err != nil {
				mu.Lock()
				r.warn(err.Error())
				mu.Unlock()
			}
			n.entry = e
		})
	}
	wg.Wait()
	for i := len(r.nodes) - 1; i >= 0; i-- { // dependents first
		n := r.nodes[i]
		n.needType = n.needType || n.bad || n.analyze && n.entry == nil
		if n.needType {
			for _, imp := range n.imports {
				imp.needType = true
			}
		}
	}
	return nil
}

// salt is what every key depends on besides the package: the closewait
// executable, the Go runtime it was built with and the analyzers' flags.
func (r *run) salt() (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	fmt.Fprintf(h, "\n%s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	for _, a := range r.rootSet {
		fmt.Fprintf(h, "analyzer %s\n", a.Name)
		a.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(h, "flag %s.%s=%s\n", a.Name, f.Name, f.Value) })
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFiles returns the SHA-256 of every Go file of the graph, by name
// (a file missing or unreadable hashes as its error, and fails later).
func (r *run) hashFiles() map[string]string {
	var names []string
	seen := make(map[string]bool)
	for _, n := range r.nodes {
		for _, f := range n.pkg.CompiledGoFiles {
			if !seen[f] {
				seen[f] = true
				names = append(names, f)
			}
		}
	}
	sums := make([]string, len(names))
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)*2)
	for i, name := range names {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			data, err := os.ReadFile(name)
			if err != nil {
				sums[i] = "error: " + err.Error()
				return
			}
			s := sha256.Sum256(data)
			sums[i] = hex.EncodeToString(s[:])
		})
	}
	wg.Wait()
	out := make(map[string]string, len(names))
	for i, name := range names {
		out[name] = sums[i]
	}
	return out
}

// entryName is the file name of n's entry in its role.
func (r *run) entryName(n *node) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", n.key)
	for _, a := range r.set(n) {
		fmt.Fprintf(h, "run %s root=%v\n", a.Name, n.root)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	return filepath.Join(sum[:2], sum)
}

// registerFacts registers the fact types with gob, as unitchecker does.
func registerFacts(analyzers []*analysis.Analyzer) {
	for _, a := range analyzers {
		for _, f := range a.FactTypes {
			gob.Register(f)
		}
	}
}

// store writes n's facts and root diagnostics to the cache.
func (r *run) store(n *node) {
	if r.cache == nil {
		return
	}
	e := new(entry)
	var enc objectpath.Encoder
	for k, f := range n.facts {
		var path objectpath.Path
		if k.obj != nil {
			p, err := enc.For(k.obj)
			if err != nil {
				continue // not reachable from the package's scope: no importer can ask
			}
			path = p
		}
		e.Facts = append(e.Facts, gobFact{k.analyzer.Name, path, f})
	}
	sort.Slice(e.Facts, func(i, j int) bool {
		x, y := e.Facts[i], e.Facts[j]
		if x.Analyzer != y.Analyzer {
			return x.Analyzer < y.Analyzer
		}
		if x.Object != y.Object {
			return x.Object < y.Object
		}
		return reflect.TypeOf(x.Fact).String() < reflect.TypeOf(y.Fact).String()
	})
	pe := newPosEncoder(r.fset)
	for _, a := range r.set(n) {
		ca := cachedAction{Analyzer: a.Name}
		for _, d := range n.actions[a].Diagnostics {
			ca.Diagnostics = append(ca.Diagnostics, pe.diagnostic(d))
		}
		e.Actions = append(e.Actions, ca)
	}
	e.Files = pe.files()
	if err := r.cache.write(r.entryName(n), e); err != nil {
		r.cache.writeFailed(r, n.pkg.ID, err)
	}
}

// restore records n's actions from its cache entry and, if n was
// type-checked (a dependent needs it), its facts.
func (r *run) restore(n *node, typed bool) {
	e := n.entry
	n.entry = nil
	n.actions = make(map[*analysis.Analyzer]*Action)
	pd := newPosDecoder(r.fset, e.Files)
	for i, a := range r.set(n) {
		act := &Action{Analyzer: a, Package: n.pkg}
		act.IsRoot = n.root && containsAnalyzer(r.opts.Analyzers, a)
		if act.IsRoot && i < len(e.Actions) && e.Actions[i].Analyzer == a.Name {
			for _, d := range e.Actions[i].Diagnostics {
				act.Diagnostics = append(act.Diagnostics, pd.diagnostic(d))
			}
		}
		n.actions[a] = act
	}
	r.count(func(s *Stats) { s.Cached++ })
	if !typed {
		return
	}
	r.count(func(s *Stats) { s.TypesOnly++ })
	byName := make(map[string]*analysis.Analyzer)
	for _, a := range r.set(n) {
		byName[a.Name] = a
	}
	n.facts = make(map[factKey]analysis.Fact)
	for _, f := range e.Facts {
		a := byName[f.Analyzer]
		if a == nil {
			continue
		}
		if f.Object != "" {
			o, err := objectpath.Object(n.types, f.Object)
			if err != nil {
				continue
			}
			n.facts[factKey{a, o, reflect.TypeOf(f.Fact)}] = f.Fact
			continue
		}
		n.facts[factKey{a, nil, reflect.TypeOf(f.Fact)}] = f.Fact
	}
}

func containsAnalyzer(as []*analysis.Analyzer, a *analysis.Analyzer) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

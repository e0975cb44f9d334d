package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/closewait/closewait/analyzer"
)

// loopShapes are generators of a package with one function of n
// acquisitions in loops, by name. Each acquisition takes a few basic
// blocks.
var loopShapes = map[string]func(n int) string{
	// oneLoop: n conns dialled in one loop body, each leaking on a continue.
	"oneLoop": func(n int) string {
		var b strings.Builder
		b.WriteString("package big\n\nimport \"net\"\n\nfunc big(addr string, xs []int) {\n\tfor _, x := range xs {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "\t\tc%d, err := net.Dial(\"tcp\", addr)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n", i)
			fmt.Fprintf(&b, "\t\tif x == %d {\n\t\t\tcontinue\n\t\t}\n\t\tc%d.Close()\n", i, i)
		}
		b.WriteString("\t}\n}\n")
		return b.String()
	},
	// manyLoops: n loops, each dialling a conn that leaks on a continue.
	"manyLoops": func(n int) string {
		var b strings.Builder
		b.WriteString("package big\n\nimport \"net\"\n\nfunc big(addr string, xs []int) {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "\tfor _, x := range xs {\n\t\tc, err := net.Dial(\"tcp\", addr)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n")
			fmt.Fprintf(&b, "\t\tif x == %d {\n\t\t\tcontinue\n\t\t}\n\t\tc.Close()\n\t}\n", i)
		}
		b.WriteString("}\n")
		return b.String()
	},
	// reassigned: one variable, captured by a deferred closure that closes
	// it, re-assigned by every acquisition after closing what it held.
	"reassigned": func(n int) string { return reassigned(n, true) },
	// reassignedLeaking: the same without the Close before each
	// acquisition: every acquisition leaks at each later one (the report
	// itself holds n(n+1)/2 exits, so the engine cannot be linear here).
	"reassignedLeaking": func(n int) string { return reassigned(n, false) },
	// neverClosed: n loops, each dialling a conn nobody closes.
	"neverClosed": func(n int) string {
		var b strings.Builder
		b.WriteString("package big\n\nimport \"net\"\n\nvar sink []byte\n\nfunc big(addr string, xs []int) {\n")
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "\tfor range xs {\n\t\tc, err := net.Dial(\"tcp\", addr)\n\t\tif err != nil {\n\t\t\tcontinue\n\t\t}\n\t\tc.Write(sink)\n\t}\n")
		}
		b.WriteString("}\n")
		return b.String()
	},
}

// reassigned returns a function of n loops that each assign a fresh conn
// to one variable, which a deferred closure closes; closeFirst closes the
// variable's old conn before each assignment.
func reassigned(n int, closeFirst bool) string {
	var b strings.Builder
	b.WriteString("package big\n\nimport \"net\"\n\nfunc big(addr string, xs []int) error {\n")
	b.WriteString("\tvar c net.Conn\n\tvar err error\n\tdefer func() {\n\t\tif c != nil {\n\t\t\tc.Close()\n\t\t}\n\t}()\n")
	for i := 0; i < n; i++ {
		b.WriteString("\tfor _, x := range xs {\n")
		if closeFirst {
			b.WriteString("\t\tif c != nil {\n\t\t\tc.Close()\n\t\t}\n")
		}
		fmt.Fprintf(&b, "\t\tc, err = net.Dial(\"tcp\", addr)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n")
		fmt.Fprintf(&b, "\t\tif x == %d {\n\t\t\tbreak\n\t\t}\n\t}\n", i)
	}
	b.WriteString("\treturn nil\n}\n")
	return b.String()
}

// loadSource writes src as the only file of a module in a temporary
// directory and loads it.
func loadSource(tb testing.TB, src string) []*packages.Package {
	dir := tb.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			tb.Fatal(err)
		}
	}
	write("go.mod", "module big\n\ngo 1.26\n")
	write("big.go", src)
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: false}
	pkgs, err := packages.Load(cfg, ".")
	if err != nil {
		tb.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		tb.Fatal("big package does not load")
	}
	return pkgs
}

// blocksOf returns the number of basic blocks of the functions of pkgs[0].
func blocksOf(pkgs []*packages.Package) int {
	prog, spkgs := ssautil.Packages(pkgs[:1], ssa.InstantiateGenerics)
	prog.Build()
	blocks := 0
	for fn := range ssautil.AllFunctions(prog) {
		if fn.Pkg == spkgs[0] {
			blocks += len(fn.Blocks)
		}
	}
	return blocks
}

// engineRun runs the engine on pkgs once and returns its own time on
// pkgs[0] (SSA construction, which x/tools does, excluded) and the number
// of leaks and of their exits.
func engineRun(tb testing.TB, pkgs []*packages.Package) (d time.Duration, leaks, exits int) {
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	for act := range graph.All() {
		if act.Package != pkgs[0] {
			continue
		}
		if act.Err != nil {
			tb.Fatal(act.Err)
		}
		if act.Analyzer == analyzer.Analyzer {
			d += act.Duration
			for _, l := range act.Result.(*analyzer.Result).Leaks {
				leaks++
				exits += len(l.Exits)
			}
		}
	}
	return d, leaks, exits
}

// BenchmarkLoopAcquisitions measures the engine on functions of many
// acquisitions in loops (see loopShapes), by shape and number of basic
// blocks. Linear growth keeps engine-ns/block constant across sizes.
func BenchmarkLoopAcquisitions(b *testing.B) {
	for _, shape := range []string{"oneLoop", "manyLoops", "reassigned", "reassignedLeaking", "neverClosed"} {
		for _, blocks := range []int{250, 500, 1000, 2000, 4000} {
			b.Run(fmt.Sprintf("%s/blocks=%d", shape, blocks), func(b *testing.B) {
				gen := loopShapes[shape]
				pkgs := loadSource(b, gen(acquisitionsFor(b, gen, blocks)))
				var engine time.Duration
				var exits int
				nblocks := blocksOf(pkgs)
				for b.Loop() {
					d, _, x := engineRun(b, pkgs)
					engine += d
					exits = x
				}
				ns := float64(engine.Nanoseconds()) / float64(b.N)
				b.ReportMetric(ns, "engine-ns/op")
				b.ReportMetric(ns/float64(nblocks), "engine-ns/block")
				b.ReportMetric(float64(nblocks), "blocks")
				b.ReportMetric(float64(exits), "exits")
			})
		}
	}
}

// acquisitionsFor returns the number of acquisitions for which gen's
// function has about the given number of basic blocks, from the block
// count of a small instance.
func acquisitionsFor(tb testing.TB, gen func(int) string, blocks int) int {
	const probe = 20
	return max(1, blocks*probe/blocksOf(loadSource(tb, gen(probe))))
}

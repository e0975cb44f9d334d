package analyzer_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/closewait/closewait/analyzer"
)

// bigFunc returns the source of a package with one function of about
// 4*n basic blocks: a conn read under n guarded branches, each of which
// returns on a read error (a leaking io.EOF exit), with a loop and a
// continue every tenth step, and a second conn acquired and closed every
// fiftieth step.
func bigFunc(n int) string {
	var b strings.Builder
	b.WriteString("package big\n\nimport \"net\"\n\nfunc big(addr string, xs []int) error {\n")
	b.WriteString("\tc, err := net.Dial(\"tcp\", addr)\n\tif err != nil {\n\t\treturn err\n\t}\n\tbuf := make([]byte, 1)\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "\tif xs[%d] > 0 {\n\t\tif _, err := c.Read(buf); err != nil {\n\t\t\treturn err\n\t\t}\n\t}\n", i%7)
		if i%10 == 0 {
			fmt.Fprintf(&b, "\tfor j := 0; j < xs[%d]; j++ {\n\t\tif j == %d {\n\t\t\tcontinue\n\t\t}\n\t\txs[0]++\n\t}\n", i%7, i)
		}
		if i%50 == 0 {
			fmt.Fprintf(&b, "\tif d, err := net.Dial(\"tcp\", addr); err == nil {\n\t\td.Close()\n\t}\n")
		}
	}
	b.WriteString("\treturn c.Close()\n}\n")
	return b.String()
}

// leaksOf runs the engine on pkgs and returns its leaks.
func leaksOf(tb testing.TB, pkgs []*packages.Package) []*analyzer.Leak {
	graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if len(graph.Roots) != 1 {
		tb.Fatalf("%d root actions, want 1", len(graph.Roots))
	}
	act := graph.Roots[0]
	if act.Err != nil {
		tb.Fatal(act.Err)
	}
	return act.Result.(*analyzer.Result).Leaks
}

// TestLargeFunction checks that a function of thousands of blocks is
// analysed completely: one leak, with every guarded read-error return as
// an io.EOF exit.
func TestLargeFunction(t *testing.T) {
	const n = 1500 // about 5,000 blocks
	leaks := leaksOf(t, loadSource(t, bigFunc(n)))
	if len(leaks) != 1 {
		t.Fatalf("got %d leaks, want 1", len(leaks))
	}
	reads := 0
	for _, x := range leaks[0].Exits {
		if x.Kind == analyzer.ReadErrorExit {
			reads++
		}
	}
	if reads != n {
		t.Errorf("got %d io.EOF exits, want %d", reads, n)
	}
}

// BenchmarkLargeFunction measures how the analysis time grows with the
// size of one function. Besides ns/op (the whole run, dominated by the
// analysis of the dependencies for facts), it reports engine-ns/op: the
// time of the engine on the big package alone, SSA construction included.
// Linear growth keeps engine-ns/op per step constant across sizes.
func BenchmarkLargeFunction(b *testing.B) {
	for _, n := range []int{250, 500, 1000, 2000, 4000} {
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			pkgs := loadSource(b, bigFunc(n))
			var engine time.Duration
			b.ResetTimer()
			for b.Loop() {
				graph, err := checker.Analyze([]*analysis.Analyzer{analyzer.Analyzer}, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				for act := range graph.All() {
					if act.Package == pkgs[0] {
						engine += act.Duration
					}
				}
			}
			b.ReportMetric(float64(engine.Nanoseconds())/float64(b.N), "engine-ns/op")
			b.ReportMetric(float64(engine.Nanoseconds())/float64(b.N)/float64(n), "engine-ns/step")
		})
	}
}

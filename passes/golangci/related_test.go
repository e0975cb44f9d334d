package golangci_test

import (
	"fmt"
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/closewait/closewait/passes"
	"github.com/closewait/closewait/passes/golangci"
)

// TestWithoutRelated runs passes.All() and their WithoutRelated copies on
// testdata/mod: the copies must report the same diagnostics with no
// related information, where the originals have some.
func TestWithoutRelated(t *testing.T) {
	// With dependencies from source: the engine computes facts on them.
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedDeps | packages.NeedTypes | packages.NeedTypesSizes | packages.NeedSyntax | packages.NeedTypesInfo,
		Dir: "testdata/mod",
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 || len(pkgs) != 1 {
		t.Fatalf("loading testdata/mod: %d packages, with errors above", len(pkgs))
	}

	// diags returns the diagnostics of as, as "line: analyzer: message",
	// and how many related positions they carry.
	diags := func(as []*analysis.Analyzer) (out []string, related int) {
		graph, err := checker.Analyze(as, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, act := range graph.Roots {
			if act.Err != nil {
				t.Fatalf("%s: %v", act, act.Err)
			}
			for _, d := range act.Diagnostics {
				out = append(out, fmt.Sprintf("%d: %s: %s", act.Package.Fset.Position(d.Pos).Line, act.Analyzer.Name, d.Message))
				related += len(d.Related)
			}
		}
		slices.Sort(out)
		return out, related
	}

	orig, origRelated := diags(passes.All())
	copies, copiesRelated := diags(golangci.WithoutRelated(passes.All()))
	if len(orig) == 0 || origRelated == 0 {
		t.Fatalf("passes.All() reported %d diagnostics with %d related positions on testdata/mod; want some of each", len(orig), origRelated)
	}
	if !slices.Equal(copies, orig) {
		t.Errorf("WithoutRelated copies reported\n%v\nwant, as passes.All():\n%v", copies, orig)
	}
	if copiesRelated != 0 {
		t.Errorf("WithoutRelated copies reported %d related positions, want 0", copiesRelated)
	}
}

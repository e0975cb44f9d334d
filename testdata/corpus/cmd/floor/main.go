// Command floor is the benchmark's floor: a go vet tool whose one analyzer
// requires what closewait's engine requires (buildssa and ctrlflow),
// declares closewait's fact type (so runs where closewait does, and
// registers the type as it does), and does nothing with them. Building SSA and the control-flow graphs is the
// cost any SSA-based checker pays; closewait's overhead is measured
// against it (see bench.sh).
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/analysis/unitchecker"

	"github.com/closewait/closewait/analyzer"
)

var floor = &analysis.Analyzer{
	Name:      "floor",
	Doc:       "floor requires buildssa and ctrlflow, exports no facts and reports nothing",
	Requires:  []*analysis.Analyzer{buildssa.Analyzer, ctrlflow.Analyzer},
	FactTypes: analyzer.Analyzer.FactTypes,
	Run: func(pass *analysis.Pass) (any, error) {
		_ = pass.ResultOf[buildssa.Analyzer].(*buildssa.SSA)
		return nil, nil
	},
}

func main() { unitchecker.Main(floor) }

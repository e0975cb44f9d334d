// Package analyzer is closewait's resource-lifetime engine: a provider
// analyzer that finds, in every function, each acquisition of a socket-like
// resource (a connection, a listener, an HTTP response body) and each exit
// that the acquisition can reach still open. It reports nothing itself; the
// passes under passes/ read its Result through Leaks and word their
// diagnostics through Report.
package analyzer

import (
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/buildssa"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
)

// Analyzer is the provider analyzer. Passes require it and call Leaks.
var Analyzer = &analysis.Analyzer{
	Name:       "closewait",
	Doc:        "find socket-like resources left open on some path (provider for the closewait passes; reports nothing)",
	URL:        "https://github.com/closewait/closewait",
	Requires:   []*analysis.Analyzer{buildssa.Analyzer, ctrlflow.Analyzer},
	Run:        run,
	ResultType: reflect.TypeFor[*Result](),
}

func run(pass *analysis.Pass) (any, error) {
	return &Result{}, nil
}

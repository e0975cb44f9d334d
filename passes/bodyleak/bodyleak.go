// Package bodyleak defines an analyzer that reports body leaks.
package bodyleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer reports each body that some path leaves open.
var Analyzer = &analysis.Analyzer{
	Name:     "bodyleak",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#bodyleak",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			if l.Kind == analyzer.Body {
				analyzer.Report(pass, l)
			}
		}
		return nil, nil
	},
}

const doc = `report bodys left open on some path`

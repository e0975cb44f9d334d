// Package listenerleak defines an analyzer that reports listener leaks.
package listenerleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer reports each listener that some path leaves open.
var Analyzer = &analysis.Analyzer{
	Name:     "listenerleak",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#listenerleak",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			if l.Kind == analyzer.Listener {
				analyzer.Report(pass, l)
			}
		}
		return nil, nil
	},
}

const doc = `report listeners left open on some path`

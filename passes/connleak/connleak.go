// Package connleak defines an analyzer that reports conn leaks.
package connleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer reports each conn that some path leaves open.
var Analyzer = &analysis.Analyzer{
	Name:     "connleak",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#connleak",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			if l.Kind == analyzer.Conn {
				analyzer.Report(pass, l)
			}
		}
		return nil, nil
	},
}

const doc = `report conns left open on some path`

package ignorecheck

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes/connreuse"
)

// Analyzer reports misused //closewait:ignore directives.
var Analyzer = &analysis.Analyzer{
	Name:     "ignorecheck",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#suppressing-a-finding",
	Requires: []*analysis.Analyzer{analyzer.Analyzer, connreuse.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		reuse := pass.ResultOf[connreuse.Analyzer].(*connreuse.Result)
		for _, d := range analyzer.Directives(pass) {
			switch {
			case d.Reason == "":
				pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: analyzer.IgnoreWithoutReasonMessage})
			case !d.Used && !reuse.Used[d.Pos]:
				pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: analyzer.IgnoreUnusedMessage})
			}
		}
		return nil, nil
	},
}

const doc = `report //closewait:ignore directives that give no reason or silence nothing

A finding of connleak, listenerleak, bodyleak or connreuse is silenced by a comment
on the acquiring line, or on the line above it:

	c, err := net.Dial("tcp", addr) //closewait:ignore closed by the pool's reaper

The reason is required: a directive without one silences nothing, in
every driver, whether this pass runs or not. It is reported, and so is a
directive that silences nothing (the leak was fixed, or the line moved),
so that stale suppressions do not pile up.`

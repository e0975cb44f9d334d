package ignorecheck

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes/internal/reuse"
)

// Analyzer reports misused //closewait:ignore directives.
var Analyzer = &analysis.Analyzer{
	Name:     "ignorecheck",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#suppressing-a-finding",
	Requires: []*analysis.Analyzer{analyzer.Analyzer, reuse.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		used := pass.ResultOf[reuse.Analyzer].(*reuse.Result).Used
		for _, d := range analyzer.Directives(pass) {
			switch {
			case d.Reason == "":
				pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: withoutReasonMessage})
			case !d.Used && !used[d.Pos]:
				pass.Report(analysis.Diagnostic{Pos: d.Pos, Message: unusedMessage})
			}
		}
		return nil, nil
	},
}

const (
	// withoutReasonMessage reports a directive that gives no reason.
	withoutReasonMessage = "//closewait:ignore needs a reason: say why the resource need not be closed"
	// unusedMessage reports a directive that silences no finding.
	unusedMessage = "//closewait:ignore silences nothing: no leak is reported on this line or the next"
)

const doc = `report //closewait:ignore directives that give no reason or silence nothing

A finding of connleak, listenerleak, bodyleak or connreuse is silenced by a comment
on the acquiring line, or on the line above it:

	c, err := net.Dial("tcp", addr) //closewait:ignore closed by the pool's reaper

The reason is required: a directive without one silences nothing, in
every driver, whether this pass runs or not. It is reported, and so is a
directive that silences nothing (the leak was fixed, or the line moved),
so that stale suppressions do not pile up.`

package passes

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
	"github.com/closewait/closewait/passes/bodyleak"
	"github.com/closewait/closewait/passes/connleak"
	"github.com/closewait/closewait/passes/connreuse"
	"github.com/closewait/closewait/passes/ignorecheck"
	"github.com/closewait/closewait/passes/listenerleak"
)

// All returns closewait's passes, in a fixed order, followed by the engine
// they share. The engine reports nothing; it is listed so that every
// driver exposes its flags (-closewait.acquire, -closewait.exempt) and
// nogo can configure it.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{connleak.Analyzer, listenerleak.Analyzer, bodyleak.Analyzer, ignorecheck.Analyzer, connreuse.Analyzer, analyzer.Analyzer}
}

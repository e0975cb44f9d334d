package analyzer

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
)

// Report words the diagnostic for l and reports it on pass.
func Report(pass *analysis.Pass, l *Leak) {
	pass.Report(analysis.Diagnostic{
		Pos:     l.Call,
		Message: fmt.Sprintf("%s is not closed", l.Type),
	})
}

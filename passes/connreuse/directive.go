package connreuse

import (
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Result lists the //closewait:ignore directives that silenced a finding
// of connreuse, so that ignorecheck does not call them unused. (The
// engine's Directive.Used is written by the engine only: passes run
// concurrently.)
type Result struct {
	Used map[token.Pos]bool // by the directive's position
}

// reportAt reports message at pos unless a directive silences it.
func (c *checker) reportAt(pos token.Pos, message string) {
	c.report(analysis.Diagnostic{Pos: pos, Message: message})
}

// report reports d unless a //closewait:ignore directive with a reason,
// on its line or on the line above, silences it.
func (c *checker) report(d analysis.Diagnostic) {
	p := c.pass.Fset.Position(d.Pos)
	for _, dir := range c.directives {
		q := c.pass.Fset.Position(dir.Pos)
		if dir.Reason != "" && q.Filename == p.Filename && (q.Line == p.Line || q.Line == p.Line-1) {
			c.result.Used[dir.Pos] = true
			return
		}
	}
	c.pass.Report(d)
}

// directives returns the package's //closewait:ignore directives.
func directives(pass *analysis.Pass) []*analyzer.Directive {
	return analyzer.Directives(pass)
}

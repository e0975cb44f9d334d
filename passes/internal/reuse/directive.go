package reuse

import "golang.org/x/tools/go/analysis"

// report keeps d for connreuse to report unless a //closewait:ignore
// directive silences it (by the engine's rule, analyzer.Silencing), and
// then counts that directive used.
func (c *checker) report(d analysis.Diagnostic) {
	if dir := c.silencing(d.Pos); dir != nil {
		c.result.Used[dir.Pos] = true
		return
	}
	c.result.Diagnostics = append(c.result.Diagnostics, d)
}

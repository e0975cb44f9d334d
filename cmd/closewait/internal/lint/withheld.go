package lint

import (
	"flag"
	"fmt"
	"slices"

	"github.com/closewait/closewait/analyzer"
)

// withheldFlagName is the engine flag under which the passes also report
// the findings withheld as uncertain, as diagnostics of category
// analyzer.WithheldCategory. The standalone command sets it unless the
// command line does, and sets those diagnostics apart: not findings (no
// exit status 3, no text or SARIF result), but counted in the text and
// SARIF outputs and listed, with their category, in the JSON output.
const withheldFlagName = "closewait.withheld"

// countWithheld sets -closewait.withheld in fs unless the command line
// set it.
func countWithheld(fs *flag.FlagSet) error {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == withheldFlagName })
	if set {
		return nil
	}
	return fs.Set(withheldFlagName, "true")
}

// setAsideWithheld removes the withheld findings from r.findings, counting
// them in r.withheld. The run's actions keep them, for the JSON output.
func (r *checkResult) setAsideWithheld() {
	n := len(r.findings)
	r.findings = slices.DeleteFunc(r.findings, func(f checkFinding) bool {
		return f.diag.Category == analyzer.WithheldCategory
	})
	r.withheld = n - len(r.findings)
}

// withheldNote says how many findings were withheld as uncertain, or "".
func (r *checkResult) withheldNote() string {
	if r.withheld == 0 {
		return ""
	}
	return fmt.Sprintf("%d uncertain finding%s withheld (response bodies read to io.EOF first, or given to a function that may have: no socket is held, or none certainly is); -closewait.drained reports them", r.withheld, plural(r.withheld))
}

package lint

import (
	"flag"
	"fmt"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// withheldFlagName is the engine flag under which the passes also report
// the findings withheld as uncertain, as diagnostics of category
// analyzer.WithheldCategory. The standalone command sets it unless the
// command line does, and sets those diagnostics apart: not findings (no
// exit status 3, no text or SARIF result), but counted on stderr and in
// SARIF. The JSON output lists them, with their category, only when the
// command line asked for them with -closewait.withheld: consumers of the
// x/tools JSON format see findings only.
const withheldFlagName = "closewait.withheld"

// countWithheld sets -closewait.withheld in fs unless the command line
// set it, and reports whether the command line asked for the withheld
// findings (set it true).
func countWithheld(fs *flag.FlagSet) (asked bool, err error) {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == withheldFlagName })
	if set {
		return fs.Lookup(withheldFlagName).Value.String() == "true", nil
	}
	return false, fs.Set(withheldFlagName, "true")
}

// setAsideWithheld removes the withheld findings from r.findings, counting
// them in r.withheld, and, unless list, from the run's actions (which the
// JSON output prints).
func (r *checkResult) setAsideWithheld(list bool) {
	withheld := func(d analysis.Diagnostic) bool { return d.Category == analyzer.WithheldCategory }
	n := len(r.findings)
	r.findings = slices.DeleteFunc(r.findings, func(f checkFinding) bool { return withheld(f.diag) })
	r.withheld = n - len(r.findings)
	if !list && r.withheld > 0 {
		for _, act := range r.run.Actions {
			act.Diagnostics = slices.DeleteFunc(act.Diagnostics, withheld)
		}
	}
}

// withheldNote says how many findings were withheld as uncertain, or "".
func (r *checkResult) withheldNote() string {
	if r.withheld == 0 {
		return ""
	}
	return fmt.Sprintf("%d uncertain finding%s withheld (response bodies that hold no socket, or may not: read to io.EOF first or given to a function that may have, a HEAD response, or one whose request context is cancelled at the return); -closewait.drained reports them", r.withheld, plural(r.withheld))
}

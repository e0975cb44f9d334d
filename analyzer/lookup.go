package analyzer

import "go/types"

// TableAcquirer reports whether fn is one of the acquiring functions of
// the engine's table (net.Dial, Accept, http.Get, …), and if so the kind
// of resource it returns and the index of the result that holds it.
// Functions that acquire through their bodies, facts or the -acquire flag
// are not included: it is for passes that want the table's knowledge
// without the engine's per-package analysis.
func TableAcquirer(fn *types.Func) (kind Kind, result int, ok bool) {
	if fn == nil {
		return 0, 0, false
	}
	a, ok := acquirers[fn.Origin().FullName()]
	return a.Kind, a.Result, ok
}

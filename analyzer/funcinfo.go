package analyzer

import "golang.org/x/tools/go/ssa"

// A funcInfo is what the engine computes once per function and shares
// between the walks of its acquisitions and the analyses of its callers.
// Each part is computed on first use by its accessor (named beside each
// field); endsProcess is set for the whole package before any analysis.
type funcInfo struct {
	analysis   *funcAnalysis            // analyze
	shape      *cfgShape                // shapeOf
	infeasible map[*ssa.BasicBlock]bool // infeasibleDefaults
	retested   map[ssa.Value]bool       // retestedConds
	continues  *fnContinues             // continuesOf; nil when fn has no continue
	errParam   int                      // testedParam
	fails      []failPath               // failPaths
	failsKnown bool                     // failPaths
	parksField int                      // parksFresh
	parksKind  Kind                     // parksFresh

	continuesDone, errParamDone, failsDone, parksDone bool

	// endsProcess: the return of the function ends the process (see
	// engine.endsProcess).
	endsProcess bool
}

// info returns the funcInfo of fn, creating it on first use.
func (e *engine) info(fn *ssa.Function) *funcInfo {
	fi, ok := e.funcs[fn]
	if !ok {
		fi = &funcInfo{}
		e.funcs[fn] = fi
	}
	return fi
}

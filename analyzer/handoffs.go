package analyzer

import "go/token"

// mergeHandoffs makes one report of each leak that two reports name: an
// acquisition handed to a goroutine (go handle(c)) whose function leaves
// it open, where that function's own parameter leak is reported too
// (it closes the parameter on one error path and not on another). The
// parameter's report stays, since the fix goes in that function: it gets
// the acquisition as a Handoff (and the goroutine's exit, if its own
// exits lacked it: a goroutine gives nothing back to a caller); the
// hand-off exit leaves the acquisition's report, which is dropped when
// no other exit is left. Leaks silenced by a directive are gone by then,
// so a silenced half leaves the other as it was. An acquisition handed
// to a function that owns its parameter (see engine.calleeOwns) made no
// report of its own; handed names it in that parameter's report.
func mergeHandoffs(leaks []*Leak, handed []handedTo) []*Leak {
	params := make(map[token.Pos]*Leak)
	for _, l := range leaks {
		if l.Param {
			params[l.Call] = l
		}
	}
	if len(params) == 0 {
		return leaks
	}
	for _, h := range handed {
		if p := params[h.param]; p != nil {
			p.HandedBy = append(p.HandedBy, h.by)
		}
	}
	kept := leaks[:0]
	for _, l := range leaks {
		if l.Param {
			kept = append(kept, l)
			continue
		}
		var exits []Exit
		for _, x := range l.Exits {
			p := params[x.param]
			if x.Kind != HandoffExit || !x.param.IsValid() || p == nil {
				exits = append(exits, x)
				continue
			}
			p.HandedBy = append(p.HandedBy, Handoff{Call: l.Call, Subject: subject(l), Callee: l.Callee, Go: x.start})
			if !hasExitAt(p, x.Pos) {
				p.Exits = sortExits(append(p.Exits, Exit{Kind: x.Via, Pos: x.Pos, Read: x.Read}))
			}
		}
		if len(exits) == 0 {
			continue
		}
		l.Exits = exits
		kept = append(kept, l)
	}
	return kept
}

// hasExitAt reports whether l has an exit at pos.
func hasExitAt(l *Leak, pos token.Pos) bool {
	for _, x := range l.Exits {
		if x.Pos == pos {
			return true
		}
	}
	return false
}

// A goOwner is a go statement that hands the resource to a function of
// this package that owns its parameter.
type goOwner struct {
	param token.Pos // the function's parameter
	start token.Pos // the go statement
}

// handedTo records that an acquisition (by) was handed to a goroutine
// whose function owns the parameter at param.
type handedTo struct {
	param token.Pos
	by    Handoff
}

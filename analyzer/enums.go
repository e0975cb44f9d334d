package analyzer

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// maxEnumWalk bounds the dominator walk per comparison, so a generated
// switch of thousands of cases stays linear.
const maxEnumWalk = 256

// infeasibleDefaults returns the If blocks of fn whose false edge is the
// implicit default of a switch over an enum that no declared value takes:
// the comparison `tag == C` there, together with the comparisons of the
// same tag whose false edges dominate it, covers every constant declared
// for the tag's type.
func (e *engine) infeasibleDefaults(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	fi := e.info(fn)
	if fi.infeasible != nil {
		return fi.infeasible
	}
	m := make(map[*ssa.BasicBlock]bool)
	for _, b := range fn.Blocks {
		tag, c, ok := enumCompare(b)
		if !ok {
			continue
		}
		all := e.enumValues(tag.Type())
		if len(all) == 0 {
			continue
		}
		seen := map[string]bool{c.Value.ExactString(): true}
		steps := 0
		for d := b.Idom(); d != nil && steps < maxEnumWalk; d, steps = d.Idom(), steps+1 {
			dtag, dc, ok := enumCompare(d)
			if ok && sameTag(dtag, tag) && d.Succs[1].Dominates(b) {
				seen[dc.Value.ExactString()] = true
			}
		}
		if covers(seen, all) {
			m[b] = true
		}
	}
	fi.infeasible = m
	return m
}

// enumCompare reports whether b ends in `if tag == C` with C a constant of
// a named type.
func enumCompare(b *ssa.BasicBlock) (tag ssa.Value, c *ssa.Const, ok bool) {
	if len(b.Instrs) == 0 {
		return nil, nil, false
	}
	ifi, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !isIf {
		return nil, nil, false
	}
	cmp, isBin := ifi.Cond.(*ssa.BinOp)
	if !isBin || cmp.Op != token.EQL {
		return nil, nil, false
	}
	x, y := cmp.X, cmp.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, y = y, x
	}
	c, isConst := y.(*ssa.Const)
	if !isConst || c.Value == nil {
		return nil, nil, false
	}
	if _, named := types.Unalias(c.Type()).(*types.Named); !named {
		return nil, nil, false
	}
	return x, c, true
}

// sameTag reports whether a and b are the same switch tag: the same value,
// or loads of the same field of the same pointer (todo.Action read twice),
// the pointer itself possibly read twice from the same local variable.
func sameTag(a, b ssa.Value) bool {
	if a == b {
		return true
	}
	la, ok1 := a.(*ssa.UnOp)
	lb, ok2 := b.(*ssa.UnOp)
	if !ok1 || !ok2 || la.Op != token.MUL || lb.Op != token.MUL {
		return false
	}
	if isLocalCell(la.X) && la.X == lb.X {
		return true
	}
	fa, ok1 := la.X.(*ssa.FieldAddr)
	fb, ok2 := lb.X.(*ssa.FieldAddr)
	return ok1 && ok2 && fa.Field == fb.Field && sameTag(fa.X, fb.X)
}

// enumValues returns the exact values of the constants declared with type
// t in its package, or nil if t is not such an enum.
func (e *engine) enumValues(t types.Type) []string {
	named, ok := types.Unalias(t).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return nil
	}
	if vals, ok := e.enums[named]; ok {
		return vals
	}
	var vals []string
	scope := named.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), named) {
			vals = append(vals, c.Val().ExactString())
		}
	}
	e.enums[named] = vals
	return vals
}

// covers reports whether seen holds every value of all.
func covers(seen map[string]bool, all []string) bool {
	for _, v := range all {
		if !seen[v] {
			return false
		}
	}
	return true
}

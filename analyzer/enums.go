package analyzer

import (
	"go/constant"
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
			all = e.fieldValues(tag)
		}
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

// enumCompare reports whether b ends in `if tag == C` with C a constant.
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
	if vals, ok := e.enums[named.Obj()]; ok {
		return vals
	}
	var vals []string
	scope := named.Obj().Pkg().Scope()
	for _, name := range scope.Names() {
		if c, ok := scope.Lookup(name).(*types.Const); ok && types.Identical(c.Type(), named) {
			vals = append(vals, c.Val().ExactString())
		}
	}
	e.enums[named.Obj()] = vals
	return vals
}

// fieldValues returns, for tag a load of an unexported field of a struct
// of this package, the exact values that field can hold: its zero value
// and each constant the package stores in it, directly or through phis of
// constants (kind := CLIENT; if leaf { kind = LEAF }; return
// &result{kind: kind}). It returns nil if some store is anything else,
// and for any other tag.
func (e *engine) fieldValues(tag ssa.Value) []string {
	field := loadedField(tag)
	if field == nil || field.Exported() || field.Pkg() != e.pass.Pkg {
		return nil
	}
	if vals, ok := e.enums[field]; ok {
		return vals
	}
	e.enums[field] = nil
	basic, ok := field.Type().Underlying().(*types.Basic)
	if !ok || basic.Info()&(types.IsInteger|types.IsString) == 0 {
		return nil
	}
	if !e.onlyLoadedAndStored(field) {
		return nil // &s.state handed on (atomic.StoreInt32): other values
	}
	seen := map[string]bool{zeroValue(basic): true}
	for _, st := range e.fieldStores(field) {
		if !constantsOf(st.Val, seen, map[ssa.Value]bool{}) {
			return nil
		}
	}
	vals := make([]string, 0, len(seen))
	for v := range seen {
		vals = append(vals, v)
	}
	e.enums[field] = vals
	return vals
}

// loadedField returns the field tag loads (*&x.f, or x.f of a struct
// value), or nil.
func loadedField(tag ssa.Value) *types.Var {
	switch v := tag.(type) {
	case *ssa.UnOp:
		if fa, ok := v.X.(*ssa.FieldAddr); ok && v.Op == token.MUL {
			return structField(fa.X.Type(), fa.Field)
		}
	case *ssa.Field:
		return structField(v.X.Type(), v.Field)
	}
	return nil
}

// zeroValue returns the exact string of the zero value of basic, an
// integer or string type.
func zeroValue(basic *types.Basic) string {
	if basic.Info()&types.IsString != 0 {
		return constant.MakeString("").ExactString()
	}
	return constant.MakeInt64(0).ExactString()
}

// constantsOf adds to seen the exact value of v if it is a constant, or
// of each constant a phi v merges (transitively), and reports whether v
// is only such constants.
func constantsOf(v ssa.Value, seen map[string]bool, visited map[ssa.Value]bool) bool {
	if visited[v] {
		return true
	}
	visited[v] = true
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			return false
		}
		seen[v.Value.ExactString()] = true
		return true
	case *ssa.Phi:
		for _, edge := range v.Edges {
			if !constantsOf(edge, seen, visited) {
				return false
			}
		}
		return true
	}
	return false
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

// onlyLoadedAndStored reports whether every address of field the package
// takes is only loaded from or stored to: none is handed to a call (an
// atomic store) or kept, which could give the field other values.
func (e *engine) onlyLoadedAndStored(field *types.Var) bool {
	for _, v := range e.fieldSelects(field) {
		fa, ok := v.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, r := range *fa.Referrers() {
			switch r := r.(type) {
			case *ssa.Store:
				if r.Addr != ssa.Value(fa) {
					return false
				}
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return false
				}
			case *ssa.DebugRef:
			default:
				return false
			}
		}
	}
	return true
}

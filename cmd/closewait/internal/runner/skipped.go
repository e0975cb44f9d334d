package runner

import (
	"fmt"
	"path/filepath"

	"golang.org/x/tools/go/packages"
)

// A Skipped package is one the patterns matched but that was not
// analyzed: it has errors (in Package.Errors), a dependency has (Dep),
// or, without tests, it has only _test.go files (OnlyTests).
type Skipped struct {
	Package   *packages.Package
	Dep       *packages.Package // the first dependency with errors, depth first in import order
	OnlyTests bool
	// Reason says why, in a phrase that follows "not analyzed: ".
	Reason string
}

// skipped reports whether root n was not analyzed, and why: its own
// errors, the first of its dependencies (depth first, in import order)
// that has errors, or, without tests, that it has only _test.go files.
func (r *run) skipped(n *node) (Skipped, bool) {
	p := n.pkg
	s := Skipped{Package: p}
	switch {
	case len(p.Errors) > 0:
		s.Reason = "it does not load or type-check: " + errorString(p.Errors[0])
	case n.bad:
		s.Reason = "a dependency does not load or type-check"
		seen := make(map[*node]bool)
		var find func(n *node) *node
		find = func(n *node) *node {
			for _, imp := range n.imports {
				if seen[imp] {
					continue
				}
				seen[imp] = true
				if len(imp.pkg.Errors) > 0 {
					return imp
				}
				if d := find(imp); d != nil {
					return d
				}
			}
			return nil
		}
		if d := find(n); d != nil {
			s.Dep = d.pkg
			s.Reason = fmt.Sprintf("its dependency %s does not load or type-check: %s", d.pkg.PkgPath, errorString(d.pkg.Errors[0]))
		}
	case !r.opts.Tests && len(p.CompiledGoFiles) == 0 && p.Dir != "":
		tests, _ := filepath.Glob(filepath.Join(p.Dir, "*_test.go"))
		if len(tests) == 0 {
			return s, false
		}
		s.OnlyTests = true
		s.Reason = "it has only _test.go files, and -test=false leaves them out"
	default:
		return s, false
	}
	return s, true
}

// errorString returns a package error as "file:line:col: message", or the
// message alone if it has no position.
func errorString(e packages.Error) string {
	if e.Pos == "" || e.Pos == "-" {
		return e.Msg
	}
	return e.Pos + ": " + e.Msg
}

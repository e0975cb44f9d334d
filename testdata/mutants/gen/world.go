package main

import (
	"go/ast"
	"go/types"
)

// A world holds the packages type-checked from source so far, so that a
// callee in another package of the corpus can be read: loaded on demand,
// kept for the run.
type world struct {
	l       *loader
	k       *kinds
	classes map[string]*classifier // by import path; nil when the package failed to load
}

func newWorld(l *loader, k *kinds) *world {
	return &world{l: l, k: k, classes: make(map[string]*classifier)}
}

// classifier returns the classifier of the package path, loading it.
func (w *world) classifier(path string) *classifier {
	if c, ok := w.classes[path]; ok {
		return c
	}
	w.classes[path] = nil
	p := w.l.byPath[path]
	if p == nil || p.Standard || p.Module == nil {
		return nil
	}
	lp, err := w.l.load(p)
	if err != nil || lp.types == nil {
		return nil
	}
	c := newClassifier(w, lp)
	w.classes[path] = c
	return c
}

// lookup returns the declaration of fn and the classifier of its
// package, when fn is declared in a package of the corpus (not std).
func (w *world) lookup(fn *types.Func) (*classifier, *ast.FuncDecl) {
	if fn == nil || fn.Pkg() == nil || isStd(fn.Pkg().Path()) {
		return nil, nil
	}
	c := w.classifier(fn.Pkg().Path())
	if c == nil {
		return nil, nil
	}
	return c, c.decls[fn.FullName()]
}

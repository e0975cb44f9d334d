package analyzer

// This file knows the functions whose return ends the process: main.main,
// and the body of a command-line program's command. What such a function
// leaves open on its returns the kernel closes; a resource is still
// reported where the program goes on (a loop that drops it, an overwrite).

import (
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// endsProcess reports whether the return of fn ends the process.
func (e *engine) endsProcess(fn *ssa.Function) bool {
	return isMainMain(fn) || e.commands[fn]
}

// isMainMain reports whether fn is the main function of package main,
// whose return ends the process.
func isMainMain(fn *ssa.Function) bool {
	return fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main" && fn.Name() == "main" &&
		fn.Parent() == nil && fn.Signature.Recv() == nil
}

// commandFuncs returns the functions of funcs stored in a field of
// commandBodies (RunE: func(…) error {…}, or RunE: runServe), when pkg
// imports a package of those types; nil otherwise.
func commandFuncs(pkg *types.Package, funcs []*ssa.Function) map[*ssa.Function]bool {
	if !slices.ContainsFunc(pkg.Imports(), func(p *types.Package) bool { return holdsCommandBodies(p.Path()) }) {
		return nil
	}
	cmds := make(map[*ssa.Function]bool)
	for _, fn := range funcs {
		if fn == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || !isCommandBodyField(st.Addr) {
					continue
				}
				switch v := st.Val.(type) {
				case *ssa.Function:
					cmds[v] = true
				case *ssa.MakeClosure:
					cmds[v.Fn.(*ssa.Function)] = true
				}
			}
		}
	}
	return cmds
}

// holdsCommandBodies reports whether the package at path declares a type
// of commandBodies.
func holdsCommandBodies(path string) bool {
	for typ := range commandBodies {
		if len(typ) > len(path) && typ[:len(path)] == path && typ[len(path)] == '.' {
			return true
		}
	}
	return false
}

// isCommandBodyField reports whether addr is the address of a field of
// commandBodies.
func isCommandBodyField(addr ssa.Value) bool {
	fa, ok := addr.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := types.Unalias(ptr.Elem()).(*types.Named)
	if !ok || named.Obj().Pkg() == nil {
		return false
	}
	fields := commandBodies[named.Obj().Pkg().Path()+"."+named.Obj().Name()]
	f := structField(fa.X.Type(), fa.Field)
	return f != nil && slices.Contains(fields, f.Name())
}

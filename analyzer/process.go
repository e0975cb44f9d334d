package analyzer

// This file knows the functions whose return ends the process: main.main,
// the body of a command-line program's command, and in package main a
// function whose result only a log.Fatal gets. What such a function
// leaves open on its returns the kernel closes; a resource is still
// reported where the program goes on (a loop that drops it, an overwrite).

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// endsProcess reports whether the return of fn ends the process.
func (e *engine) endsProcess(fn *ssa.Function) bool {
	return isMainMain(fn) || e.info(fn).endsProcess
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
		if strings.HasPrefix(typ, path+".") {
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

// exitFeeders returns the functions of package main whose every use is a
// call whose one result goes only to a function that ends the process
// (log.Fatal(run()), log.Fatalf("%s", p.ListenAndServe(addr))): whatever
// they return, the process exits right after, so their returns are
// process exits too. A method qualifies only if package main never
// converts its receiver type to an interface: package main cannot be
// imported, so no caller can reach it but the ones seen here.
func (e *engine) exitFeeders(pkg *ssa.Package, funcs []*ssa.Function) map[*ssa.Function]bool {
	if pkg.Pkg.Name() != "main" {
		return nil
	}
	s := &feederScan{
		e:         e,
		pkg:       pkg,
		called:    make(map[*ssa.Function]bool),
		converted: make(map[types.Type]bool),
		wrapped:   make(map[types.Object]bool),
	}
	for _, fn := range funcs {
		if fn == nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				s.note(instr)
			}
		}
	}
	return s.feeders()
}

// A feederScan is what exitFeeders learns from the instructions of
// package pkg about the uses of its functions.
type feederScan struct {
	e         *engine
	pkg       *ssa.Package
	called    map[*ssa.Function]bool // every use seen so far feeds an exit
	converted map[types.Type]bool    // types converted to an interface, pointers stripped
	wrapped   map[types.Object]bool  // methods used through a wrapper (p.M as a value, T.M)
}

// note records what instr does with the functions among its operands,
// and the type it converts to an interface, if it does.
func (s *feederScan) note(instr ssa.Instruction) {
	if mi, ok := instr.(*ssa.MakeInterface); ok {
		s.converted[baseType(mi.X.Type())] = true
	}
	var rands [8]*ssa.Value
	for _, op := range instr.Operands(rands[:0]) {
		f, ok := (*op).(*ssa.Function)
		if !ok {
			continue
		}
		if f.Synthetic != "" && f.Object() != nil {
			s.wrapped[f.Object()] = true // a bound method or thunk calls it unseen
		}
		if f.Pkg != s.pkg {
			continue
		}
		feeds := s.e.callFeedsExit(instr, f)
		if prev, seen := s.called[f]; !seen || prev {
			s.called[f] = feeds
		}
	}
}

// callFeedsExit reports whether instr is a call of f whose one result
// goes only to functions that end the process, or main's last act (see
// endsMain).
func (e *engine) callFeedsExit(instr ssa.Instruction, f *ssa.Function) bool {
	call, ok := instr.(*ssa.Call)
	return ok && call.Call.Value == f && (f.Signature.Results().Len() == 1 && e.feedsExit(call, 0) || endsMain(call))
}

// feeders returns the functions every use of which feeds an exit, less
// those used through a wrapper and the methods of types converted to an
// interface.
func (s *feederScan) feeders() map[*ssa.Function]bool {
	feeders := make(map[*ssa.Function]bool)
	for f, ok := range s.called {
		if !ok || f.Object() != nil && s.wrapped[f.Object()] {
			continue
		}
		if recv := f.Signature.Recv(); recv != nil && s.converted[baseType(recv.Type())] {
			continue
		}
		feeders[f] = true
	}
	return feeders
}

// endsMain reports whether call is main.main's last act: every path
// from it reaches main's return, or a call that ends the process, through
// nothing but tests of its result and printing (`if err := run(); err !=
// nil { log.Fatal(err) }` at the end of main). What the callee leaves
// open, the process's exit closes.
func endsMain(call *ssa.Call) bool {
	fn := call.Parent()
	if fn.Name() != "main" || fn.Parent() != nil || fn.Signature.Recv() != nil || fn.Pkg == nil || fn.Pkg.Pkg.Name() != "main" {
		return false
	}
	b := call.Block()
	i := slices.Index(b.Instrs, ssa.Instruction(call))
	return inertToEnd(b.Instrs[i+1:], make(map[*ssa.BasicBlock]bool))
}

// An afterEffect is what an instruction after main's last act does.
type afterEffect int

const (
	afterInert afterEffect = iota // a test, a print, a conversion: go on
	afterEnds                     // a return, a panic, an exit call
	afterWork                     // anything else: main goes on
)

// inertToEnd reports whether instrs, and every block they branch to, end
// main or the process with nothing but inert instructions on the way.
func inertToEnd(instrs []ssa.Instruction, seen map[*ssa.BasicBlock]bool) bool {
	for _, instr := range instrs {
		switch afterLastAct(instr) {
		case afterEnds:
			return true
		case afterWork:
			return false
		}
		switch instr.(type) {
		case *ssa.If, *ssa.Jump:
			for _, b := range instr.Block().Succs {
				if !seen[b] {
					seen[b] = true
					if !inertToEnd(b.Instrs, seen) {
						return false
					}
				}
			}
			return true
		}
	}
	return false
}

// afterLastAct classifies instr, met after main's last act.
func afterLastAct(instr ssa.Instruction) afterEffect {
	switch in := instr.(type) {
	case *ssa.Return, *ssa.Panic:
		return afterEnds
	case *ssa.Call:
		if f := calleeFunc(&in.Call); f != nil && (exitFuncs[f.FullName()] || lastActEnders[f.FullName()]) {
			return afterEnds
		}
		if f := in.Call.StaticCallee(); f != nil && f.Pkg != nil && lastActInert[f.Pkg.Pkg.Path()] {
			return afterInert
		}
		return afterWork
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			return afterWork // main waits on: what run left open lives on
		}
		return afterInert
	case *ssa.If, *ssa.Jump, *ssa.DebugRef, *ssa.BinOp, *ssa.MakeInterface, *ssa.ChangeInterface,
		*ssa.Alloc, *ssa.IndexAddr, *ssa.Store, *ssa.Slice, *ssa.Phi, *ssa.RunDefers, *ssa.Extract:
		return afterInert
	}
	return afterWork
}

// baseType returns t, or the type t points to.
func baseType(t types.Type) types.Type {
	t = types.Unalias(t)
	if ptr, ok := t.(*types.Pointer); ok {
		return types.Unalias(ptr.Elem())
	}
	return t
}

// feedsExit reports whether v goes only to functions that end the
// process (exitFuncs), directly, converted to an interface, or as an
// element of their variadic arguments; depth bounds the search.
func (e *engine) feedsExit(v ssa.Value, depth int) bool {
	refs := v.Referrers()
	if refs == nil || len(*refs) == 0 || depth > 4 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Call:
			if !exitFuncs[e.fullName(calleeFunc(&r.Call))] {
				return false
			}
		case *ssa.MakeInterface, *ssa.ChangeInterface:
			if !e.feedsExit(r.(ssa.Value), depth+1) {
				return false
			}
		case *ssa.Store:
			// args[i] = v, in the array of a variadic call's arguments.
			ia, ok := r.Addr.(*ssa.IndexAddr)
			if !ok || r.Val != v || !e.argsFeedExit(ia.X, depth+1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// argsFeedExit reports whether the array arr holds the variadic
// arguments of calls that end the process: its only uses are the element
// addresses stored into and slices of it passed to such calls.
func (e *engine) argsFeedExit(arr ssa.Value, depth int) bool {
	for _, r := range *arr.Referrers() {
		switch r := r.(type) {
		case *ssa.IndexAddr:
		case *ssa.Slice:
			if !e.feedsExit(r, depth) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

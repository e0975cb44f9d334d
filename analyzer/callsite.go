package analyzer

// This file is the one home of what the engine reads off a call site:
// the callee and its full name, the receiver, the arguments and the
// parameters they bind, the results and the error result. Nothing here
// classifies a use of the resource; calls.go does that.

import (
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// calleeFunc returns the function or interface method that call invokes,
// or nil for calls of function values and builtins.
func calleeFunc(call *ssa.CallCommon) *types.Func {
	if call.IsInvoke() {
		return call.Method
	}
	if fn := call.StaticCallee(); fn != nil {
		if fn.Origin() != nil {
			fn = fn.Origin()
		}
		if obj, ok := fn.Object().(*types.Func); ok {
			return obj
		}
	}
	return nil
}

// fullName returns fn's full name as the tables spell it, or "" for nil,
// computing it once per function: the tables are consulted for every
// call in the package, and FullName allocates.
func (e *engine) fullName(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	name, ok := e.names[fn]
	if !ok {
		name = fn.FullName()
		e.names[fn] = name
	}
	return name
}

// hasReceiver reports whether call passes a receiver in Args[0]: a static
// call of a method (invoke-mode calls keep the receiver in Value).
func hasReceiver(call *ssa.CallCommon) bool {
	if call.IsInvoke() {
		return false
	}
	fn := call.StaticCallee()
	return fn != nil && fn.Signature.Recv() != nil
}

// receiverOf returns the receiver of a method call, or nil.
func receiverOf(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		return call.Value
	}
	if hasReceiver(call) && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// paramArg returns the argument passed as parameter i (receiver not
// counted) of call, or nil.
func paramArg(call *ssa.CallCommon, i int) ssa.Value {
	if hasReceiver(call) {
		i++
	}
	if i < 0 || i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}

// isReadMethod reports whether fn, a method, reads from its receiver.
func isReadMethod(fn *types.Func) bool {
	name := fn.Name()
	if readMethodNames[name] {
		return true
	}
	if !strings.HasPrefix(name, "Read") {
		return false
	}
	// (*TCPConn).ReadFrom(io.Reader) writes to the conn; ReadFrom([]byte) on
	// a packet conn reads from it.
	if name == "ReadFrom" {
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() != 1 {
			return false
		}
		_, isSlice := sig.Params().At(0).Type().Underlying().(*types.Slice)
		return isSlice
	}
	return true
}

// boundMethod returns the method a bound-method closure (x.M used as a
// value) calls, or nil. go/ssa makes it a receiverless function whose
// object is the method, with the receiver as its one binding; a function
// literal has no object, and a method's own function has a receiver.
func boundMethod(mc *ssa.MakeClosure) *types.Func {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || len(mc.Bindings) != 1 || fn.Signature.Recv() != nil {
		return nil
	}
	m, ok := fn.Object().(*types.Func)
	if !ok || m.Signature().Recv() == nil {
		return nil
	}
	return m
}

// isErrorType reports whether t is the predeclared error type or an
// interface that implements it (a package's own `type Error interface {
// error; Code() int }`): a nil one is success, as for error.
func isErrorType(t types.Type) bool {
	errType := types.Universe.Lookup("error").Type()
	if types.Identical(t, errType) {
		return true
	}
	return types.IsInterface(t) && types.Implements(t, errType.Underlying().(*types.Interface))
}

// isNil reports whether v is the constant nil.
func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// resultValue returns the value of call's i-th result: the call itself for
// a single result, else its Extract #i. It returns nil when the result is
// not used.
func resultValue(call *ssa.Call, i int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		if i == 0 {
			return call
		}
		return nil
	}
	return extract(call, i)
}

// errorResult returns the value of call's last result if it is an error.
func errorResult(call *ssa.Call) ssa.Value {
	i := errIndex(call.Call.Signature())
	if i < 0 {
		return nil
	}
	return resultValue(call, i)
}

// okResult returns the ok flag of a call that returns a resource and a
// bool, `conn, ok := tryListen()`, or nil: by the comma-ok convention,
// where it is false there is no resource.
func okResult(call *ssa.Call) ssa.Value {
	res := call.Call.Signature().Results()
	if res.Len() != 2 || !isBool(res.At(1).Type()) {
		return nil
	}
	return resultValue(call, 1)
}

// responseResult returns the *http.Response result of call, or nil.
func responseResult(call *ssa.Call) ssa.Value {
	res := call.Call.Signature().Results()
	for i := 0; i < res.Len(); i++ {
		if isResponsePtr(res.At(i).Type()) {
			return resultValue(call, i)
		}
	}
	return nil
}

// errIndex returns the index of sig's error result (its last result, if
// that is an error), or -1.
func errIndex(sig *types.Signature) int {
	res := sig.Results()
	if res.Len() == 0 || !isErrorType(res.At(res.Len()-1).Type()) {
		return -1
	}
	return res.Len() - 1
}

// paramType returns the type of parameter i (receiver not counted) of
// call's signature, or nil; a variadic tail gives its element type.
func paramType(call *ssa.CallCommon, i int) types.Type {
	params := call.Signature().Params()
	if i < 0 || i >= params.Len() {
		return nil
	}
	return params.At(i).Type()
}

// cannotClose reports whether a callee can do nothing but borrow a value
// passed as a parameter of type t: an interface with methods, none of
// them Close (io.Reader, io.Writer, io.ReadWriter, …).
func cannotClose(t types.Type) bool {
	if t == nil {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if m := iface.Method(i); releaseMethods[m.Name()] || !m.Exported() && closeName(m.Name()) {
			return false // Close, or a package's own close()
		}
	}
	return true
}

// calleeName names the function call invokes, for messages: its name, or
// "the function literal at line N".
func calleeName(call *ssa.CallCommon) string {
	fn := call.StaticCallee()
	if fn == nil {
		return "the callee"
	}
	if fn.Parent() != nil {
		return "the function literal at line " + strconv.Itoa(fn.Prog.Fset.Position(fn.Pos()).Line)
	}
	return fn.Name()
}

// isDefer reports whether instr is a defer statement.
func isDefer(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Defer)
	return ok
}

// argIndex returns the index in call.Args of v, or -1.
func argIndex(call *ssa.CallCommon, v ssa.Value) int {
	for i, a := range call.Args {
		if a == v {
			return i
		}
	}
	return -1
}

// argParam returns the parameter index (receiver not counted) at which v
// is passed to call, or -1.
func argParam(call *ssa.CallCommon, v ssa.Value) int {
	i := argIndex(call, v)
	if i >= 0 && hasReceiver(call) {
		i--
	}
	return i
}

package analyzer

// This file recognises responses to HEAD requests: a HEAD response has no
// body, and net/http puts its connection back in the idle pool as soon
// as the headers are read, so leaving it unclosed holds no socket.

import (
	"go/constant"

	"golang.org/x/tools/go/ssa"
)

// headRequest reports whether acq, a call that returns a response, sends
// a HEAD request: one of headSenders, or a call given a request that one
// of requestMethods built with the constant method "HEAD".
func (e *engine) headRequest(acq *ssa.Call) bool {
	if headSenders[e.fullName(calleeFunc(&acq.Call))] {
		return true
	}
	for _, arg := range acq.Call.Args {
		if isRequestPtr(arg.Type()) && e.requestMethod(arg) == "HEAD" {
			return true
		}
	}
	return false
}

// requestMethod returns the method that req, a request value, was built
// with by one of requestMethods, when it is a constant; else "".
func (e *engine) requestMethod(req ssa.Value) string {
	if x, ok := req.(*ssa.Extract); ok && x.Index == 0 {
		req = x.Tuple // req, err := http.NewRequest("HEAD", …)
	}
	call, ok := req.(*ssa.Call)
	if !ok {
		return ""
	}
	i, ok := requestMethods[e.fullName(calleeFunc(&call.Call))]
	if !ok {
		return ""
	}
	if c, ok := paramArg(&call.Call, i).(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String {
		return constant.StringVal(c.Value)
	}
	return ""
}

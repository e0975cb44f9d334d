package gotrace

import "strings"

// Created is how a socket was made: the stack of the call that created
// it, and for a socket that an HTTP Transport dialed, the stack of the
// request that made the Transport dial.
type Created struct {
	Stack   []uint64
	Request []uint64 // nil unless dialed by a Transport
}

// internalPackages are the packages whose frames are never a site: the
// site is the first frame outside them.
var internalPackages = []string{"runtime", "net", "crypto/tls", "syscall", "internal/", "vendor/", "runtime/", "net/"}

func isInternal(function string) bool {
	pkg := PackageOf(function)
	for _, p := range internalPackages {
		if pkg == p || strings.HasSuffix(p, "/") && strings.HasPrefix(pkg, p) {
			return true
		}
	}
	return false
}

// PackageOf returns the import path of a function name such as
// "net/http.(*Transport).dialConn", "main.main" or, for a generic
// function, "example.com/m.Map[go.shape.*example.com/n.T]".
func PackageOf(function string) string {
	if i := strings.IndexByte(function, '['); i >= 0 {
		function = function[:i]
	}
	slash := strings.LastIndex(function, "/")
	dot := strings.Index(function[slash+1:], ".")
	if dot < 0 {
		return function
	}
	return function[:slash+1+dot]
}

// SiteOf returns the first frame outside the internal packages, or the
// outermost frame if there is none.
func SiteOf(stack []Frame) Frame {
	for _, f := range stack {
		if !isInternal(f.Function) {
			return f
		}
	}
	if len(stack) == 0 {
		return Frame{Function: "?", File: "?"}
	}
	return stack[len(stack)-1]
}

// KindOf tells how the socket of a creation stack was made: "accept",
// "listen", "http request" (dialed by an http.Transport) or "dial".
func KindOf(stack []Frame) string {
	for _, f := range stack {
		switch {
		case f.Function == "net.(*netFD).accept":
			return "accept"
		case f.Function == "net.(*netFD).listenStream":
			return "listen"
		case f.Function == symDialConn:
			return "http request"
		}
	}
	return "dial"
}

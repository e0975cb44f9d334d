package connreuse

import (
	"fmt"

	"github.com/closewait/closewait/analyzer"
)

// This file words every connreuse diagnostic; the checks decide what to
// report and pass the names in.

// cost words what a connection per request costs, shared by the messages.
const cost = "keeping it in TIME_WAIT for 60 s and holding an ephemeral port (at 500 requests/s the default 28,232 ports last under a minute)"

// drainFix is the message of the fix that drains a body before its Close.
const drainFix = "read the body to EOF before closing it"

// transportSubject names a Transport made by a composite literal, or by a
// Clone when clone is set, and bound to name (or to nothing): "http.Transport
// t", "http.Transport clone t", "an http.Transport".
func transportSubject(name string, clone bool) string {
	subject := "http.Transport"
	if clone {
		subject += " clone"
	}
	if name == "" {
		return "an " + subject
	}
	return subject + " " + name
}

// droppedTransportMessage reports a Transport, named by subject, made and
// dropped by fn: in every iteration of a loop, per request when fn is an
// HTTP handler, or else per call.
func droppedTransportMessage(subject, fn string, loop, handler bool) string {
	if loop {
		return fmt.Sprintf("%s is created per iteration of a loop in %s and dropped: each request opens a new connection that this side closes, %s; share one Transport, created before the loop", subject, fn, cost)
	}
	where := "per call to " + fn
	if handler {
		where = "per request in the handler " + fn
	}
	return fmt.Sprintf("%s is created %s and dropped: each request opens a new connection that this side closes, %s; share one Transport", subject, where, cost)
}

// noKeepAliveMessage reports DisableKeepAlives set on a Transport that is
// used repeatedly (how: "in a loop", "in the handler serve") at line; global
// names the package-level variable it is kept in, or is "".
func noKeepAliveMessage(global, how string, line int) string {
	what := fmt.Sprintf("the http.Transport used %s at line %d", how, line)
	if global != "" {
		what = fmt.Sprintf("the http.Transport in %s, used %s at line %d", global, how, line)
	}
	return fmt.Sprintf("keep-alives are turned off (DisableKeepAlives: true) on %s: every request opens a new connection that this side closes, %s; leave keep-alives on, and read each response body to EOF before closing it", what, cost)
}

// requestCloseMessage reports req.Close = true on a request made
// repeatedly (how: "in a loop", "in the handler serve").
func requestCloseMessage(how string) string {
	return fmt.Sprintf("keep-alives are turned off (Close: true) on a request made %s: every request opens a new connection that this side closes, %s; leave Close unset, and read each response body to EOF before closing it", how, cost)
}

// undrainedMessage reports body, a response body expression, closed in a
// loop without being read to EOF.
func undrainedMessage(body string) string {
	return fmt.Sprintf("response body %s is closed in a loop without being read to EOF: the Transport then closes the connection instead of reusing it, so every iteration opens a new one and this side keeps the old one in TIME_WAIT for 60 s, holding an ephemeral port; read it to EOF first with io.Copy(io.Discard, %s)", body, body)
}

// deferLoopMessage reports stmt ("defer c.Close()", "a deferred Close"),
// a defer in a loop of fn, of a resource of the given kind bound to name
// (or to nothing) and opened by source.
func deferLoopMessage(stmt string, kind analyzer.Kind, name, source, fn string) string {
	subject := kind.String()
	switch kind {
	case analyzer.Conn:
		subject = "connection"
	case analyzer.Body:
		subject = "response body"
	}
	if name != "" {
		subject += " " + name
		if kind == analyzer.Body {
			subject += ".Body"
		}
	}
	return fmt.Sprintf("%s in a loop: %s from %s is opened in every iteration and each one stays open until %s returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal", stmt, subject, source, fn)
}

// redialMessage reports a connection bound to name (or to nothing),
// opened by source and closed in every iteration of a loop in fn.
func redialMessage(name, source, fn string) string {
	subject := "a connection"
	if name != "" {
		subject = "connection " + name
	}
	return fmt.Sprintf("%s from %s is opened and closed in every iteration of a loop in %s, to the same address: each message costs a new connection that this side closes, %s; dial once before the loop and reuse the connection", subject, source, fn, cost)
}

package reuse

import (
	"fmt"
	"go/token"

	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// connreuse's messages. Each finding has a short headline (one line:
// what, where and why) and the detail (what it costs, what to do) in a
// Related entry, so that drivers that print only the message stay
// readable and those that show related information keep the advice.

// costs words what a connection per request costs.
const costs = "this side closes each of them first, keeping it in TIME_WAIT for 60 s and holding an ephemeral port (at 500 requests/s the default 28,232 ports last under a minute)"

// perRequest is the why of the headlines of a connection per request;
// the detail says what that costs (TIME_WAIT, ephemeral ports).
const perRequest = "(a new connection per request)"

// A finding is one message of connreuse: its headline and, at detailPos,
// its detail.
type finding struct {
	headline  string
	detail    string
	detailPos token.Pos // token.NoPos: the headline's position
}

// reportFinding reports f at pos unless a directive silences it.
func (c *checker) reportFinding(pos token.Pos, f finding) {
	c.report(f.diagnostic(pos))
}

// diagnostic returns f as a diagnostic at pos.
func (f finding) diagnostic(pos token.Pos) analysis.Diagnostic {
	at := f.detailPos
	if !at.IsValid() {
		at = pos
	}
	return analysis.Diagnostic{Pos: pos, Message: f.headline, Related: []analysis.RelatedInformation{{Pos: at, Message: f.detail}}}
}

// A dropScope says how often a dropped Transport is made.
type dropScope int

const (
	dropPerCall      dropScope = iota // per call of its function
	dropPerIteration                  // per iteration of a loop
	dropPerRequest                    // per request, in an HTTP handler
)

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

// droppedTransport words the report of a Transport made by a composite
// literal, or by a Clone when clone is set, bound to name (or to nothing)
// and dropped by fn, as often as scope says.
func droppedTransport(name string, clone bool, fn string, scope dropScope) finding {
	subject := transportSubject(name, clone)
	where, advice := "per call to "+fn, "share one Transport"
	switch scope {
	case dropPerIteration:
		where, advice = "per iteration of a loop in "+fn, "share one Transport, created before the loop"
	case dropPerRequest:
		where = "per request in the handler " + fn
	}
	return finding{
		headline: fmt.Sprintf("%s is created %s and dropped %s", subject, where, perRequest),
		detail:   fmt.Sprintf("each request through it opens a new connection: %s; %s", costs, advice),
	}
}

// noKeepAlive words the report of DisableKeepAlives set on a Transport
// that is used repeatedly (how: "in a loop", "in the handler serve") at
// use, on line; global names the package-level variable it is kept in, or
// is "".
func noKeepAlive(global, how string, use token.Pos, line int) finding {
	what := fmt.Sprintf("the http.Transport used %s at line %d", how, line)
	if global != "" {
		what = fmt.Sprintf("the http.Transport in %s, used %s at line %d", global, how, line)
	}
	return finding{
		headline:  fmt.Sprintf("keep-alives are off (DisableKeepAlives: true) on %s %s", what, perRequest),
		detail:    fmt.Sprintf("used %s: every request opens a new connection: %s; leave keep-alives on, and read each response body to EOF before closing it", how, costs),
		detailPos: use,
	}
}

// requestClose words the report of req.Close = true on a request made
// repeatedly (how: "in a loop", "in the handler serve").
func requestClose(how string) finding {
	return finding{
		headline: fmt.Sprintf("keep-alives are off (Close: true) on a request made %s %s", how, perRequest),
		detail:   fmt.Sprintf("every request opens a new connection: %s; leave Close unset, and read each response body to EOF before closing it", costs),
	}
}

// undrainedBody words the report of body, a response body expression,
// closed in a loop without being read to EOF.
func undrainedBody(body string) finding {
	_, limit := table.DrainLimit()
	return finding{
		headline: fmt.Sprintf("response body %s is closed in a loop without being read to EOF (its connection is not reused)", body),
		detail:   fmt.Sprintf("the Transport closes a connection whose body was not read to EOF, so every iteration opens a new one and this side keeps the old one in TIME_WAIT for 60 s, holding an ephemeral port; drain it first, bounded as net/http bounds its own drains: io.CopyN(io.Discard, %s, %s) (an unbounded io.Copy never returns on an endless body)", body, limit),
	}
}

// drainFixMessage is the message of the fix that drains a body, bounded,
// before its Close.
func drainFixMessage() string {
	n, _ := table.DrainLimit()
	return fmt.Sprintf("drain at most %d KiB of the body before closing it (bounded, as net/http bounds its own drains: a longer body or an endless stream is then closed, not read forever)", n>>10)
}

// drainFixText is the statement the fix inserts before the Close of body,
// a response body expression, followed by indent.
func drainFixText(body, indent string) string {
	_, limit := table.DrainLimit()
	return fmt.Sprintf("io.CopyN(io.Discard, %s, %s)\n%s", body, limit, indent)
}

// deferInLoop words the report of stmt ("defer c.Close()", "a deferred
// Close"), a defer in a loop of fn, of a resource of the given kind bound
// to name (or to nothing) and opened by source at acq.
func deferInLoop(stmt string, kind analyzer.Kind, name, source, fn string, acq token.Pos) finding {
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
	return finding{
		headline:  fmt.Sprintf("%s in a loop: %s from %s of every iteration stays open until %s returns", stmt, subject, source, fn),
		detail:    fmt.Sprintf("opened in every iteration, and each one stays open until %s returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal", fn),
		detailPos: acq,
	}
}

// redial words the report of a connection bound to name (or to nothing),
// opened by source and closed in every iteration of a loop in fn.
func redial(name, source, fn string) finding {
	subject := "a connection"
	if name != "" {
		subject = "connection " + name
	}
	return finding{
		headline: fmt.Sprintf("%s from %s is opened and closed in every iteration of a loop in %s (a new connection per message)", subject, source, fn),
		detail:   fmt.Sprintf("the address does not change in the loop, yet each message costs a new connection: %s; dial once before the loop and reuse the connection", costs),
	}
}

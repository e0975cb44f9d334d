package analyzer

import (
	"testing"
)

// TestReuseMessages pins every message of connreuse and ignorecheck, word for word. The fixtures
// match only the stem of each (what is reported, and where), so this is
// the one place where the full wording is checked.
func TestReuseMessages(t *testing.T) {
	const cost = "keeping it in TIME_WAIT for 60 s and holding an ephemeral port (at 500 requests/s the default 28,232 ports last under a minute)"
	for _, tc := range []struct{ name, got, want string }{
		{"named Transport", transportSubject("t", false), "http.Transport t"},
		{"named clone", transportSubject("t", true), "http.Transport clone t"},
		{"unnamed Transport", transportSubject("", false), "an http.Transport"},
		{"unnamed clone", transportSubject("", true), "an http.Transport clone"},
		{
			"Transport per iteration",
			DroppedTransportMessage("", false, "fetchAll", true, false),
			"an http.Transport is created per iteration of a loop in fetchAll and dropped: each request opens a new connection that this side closes, " + cost + "; share one Transport, created before the loop",
		},
		{
			"Transport per call",
			DroppedTransportMessage("t", false, "fetch", false, false),
			"http.Transport t is created per call to fetch and dropped: each request opens a new connection that this side closes, " + cost + "; share one Transport",
		},
		{
			"Transport per request in a handler",
			DroppedTransportMessage("t", false, "handler", false, true),
			"http.Transport t is created per request in the handler handler and dropped: each request opens a new connection that this side closes, " + cost + "; share one Transport",
		},
		{
			"keep-alives off on a local Transport",
			NoKeepAliveMessage("", "in a loop", 27),
			"keep-alives are turned off (DisableKeepAlives: true) on the http.Transport used in a loop at line 27: every request opens a new connection that this side closes, " + cost + "; leave keep-alives on, and read each response body to EOF before closing it",
		},
		{
			"keep-alives off on a Transport in a package variable",
			NoKeepAliveMessage("noKeepAlive", "in the handler poll", 12),
			"keep-alives are turned off (DisableKeepAlives: true) on the http.Transport in noKeepAlive, used in the handler poll at line 12: every request opens a new connection that this side closes, " + cost + "; leave keep-alives on, and read each response body to EOF before closing it",
		},
		{
			"request Close",
			RequestCloseMessage("in a loop"),
			"keep-alives are turned off (Close: true) on a request made in a loop: every request opens a new connection that this side closes, " + cost + "; leave Close unset, and read each response body to EOF before closing it",
		},
		{
			"body closed undrained",
			UndrainedBodyMessage("resp.Body"),
			"response body resp.Body is closed in a loop without being read to EOF: the Transport then closes the connection instead of reusing it, so every iteration opens a new one and this side keeps the old one in TIME_WAIT for 60 s, holding an ephemeral port; drain it first, bounded as net/http bounds its own drains: io.CopyN(io.Discard, resp.Body, 256<<10) (an unbounded io.Copy never returns on an endless body)",
		},
		{"drain fix", DrainFixMessage, "drain at most 256 KiB of the body before closing it (bounded, as net/http bounds its own drains: a longer body or an endless stream is then closed, not read forever)"},
		{"drain fix text", DrainFixText("resp.Body", "\t\t"), "io.CopyN(io.Discard, resp.Body, 256<<10)\n\t\t"},
		{
			"defer of a conn in a loop",
			DeferInLoopMessage("defer c.Close()", Conn, "c", "net.Dial", "deferConn"),
			"defer c.Close() in a loop: connection c from net.Dial is opened in every iteration and each one stays open until deferConn returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"defer of a body in a loop",
			DeferInLoopMessage("defer resp.Body.Close()", Body, "resp", "http.Get", "fetchAll"),
			"defer resp.Body.Close() in a loop: response body resp.Body from http.Get is opened in every iteration and each one stays open until fetchAll returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"deferred function literal closing a listener in a loop",
			DeferInLoopMessage("a deferred Close", Listener, "ln", "net.Listen", "the function literal in serve"),
			"a deferred Close in a loop: listener ln from net.Listen is opened in every iteration and each one stays open until the function literal in serve returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"defer of an unnamed body in a loop",
			DeferInLoopMessage("defer", Body, "", "c.Do", "f"),
			"defer in a loop: response body from c.Do is opened in every iteration and each one stays open until f returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"named conn dialled per iteration",
			RedialMessage("c", "net.Dial", "sendEach"),
			"connection c from net.Dial is opened and closed in every iteration of a loop in sendEach, to the same address: each message costs a new connection that this side closes, " + cost + "; dial once before the loop and reuse the connection",
		},
		{
			"unnamed conn dialled per iteration",
			RedialMessage("", "tls.Dial", "run"),
			"a connection from tls.Dial is opened and closed in every iteration of a loop in run, to the same address: each message costs a new connection that this side closes, " + cost + "; dial once before the loop and reuse the connection",
		},
		{"ignore without a reason", IgnoreWithoutReasonMessage, "//closewait:ignore needs a reason: say why the resource need not be closed"},
		{"ignore that silences nothing", IgnoreUnusedMessage, "//closewait:ignore silences nothing: no leak is reported on this line or the next"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, tc.got, tc.want)
		}
	}
}

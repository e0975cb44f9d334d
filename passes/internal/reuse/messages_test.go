package reuse

import (
	"go/token"
	"strings"
	"testing"

	"github.com/closewait/closewait/analyzer"
)

// TestMessages pins every message of connreuse, word for word: the
// headline and its detail. The fixtures match only the stem of each
// headline, so this is the one place where the full wording is checked.
// ignorecheck pins its own.
func TestMessages(t *testing.T) {
	const cost = "this side closes each of them first, keeping it in TIME_WAIT for 60 s and holding an ephemeral port (at 500 requests/s the default 28,232 ports last under a minute)"
	const why = " (a new connection per request)"
	for _, tc := range []struct{ name, got, want string }{
		{"named Transport", transportSubject("t", false), "http.Transport t"},
		{"named clone", transportSubject("t", true), "http.Transport clone t"},
		{"unnamed Transport", transportSubject("", false), "an http.Transport"},
		{"unnamed clone", transportSubject("", true), "an http.Transport clone"},
		{"drain fix", drainFixMessage(), "drain at most 256 KiB of the body before closing it (bounded, as net/http bounds its own drains: a longer body or an endless stream is then closed, not read forever)"},
		{"drain fix text", drainFixText("resp.Body", "\t\t"), "io.CopyN(io.Discard, resp.Body, 256<<10)\n\t\t"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		name             string
		got              finding
		headline, detail string
	}{
		{
			"Transport per iteration",
			droppedTransport("", false, "fetchAll", dropPerIteration),
			"an http.Transport is created per iteration of a loop in fetchAll and dropped" + why,
			"each request through it opens a new connection: " + cost + "; share one Transport, created before the loop",
		},
		{
			"Transport per call",
			droppedTransport("t", false, "fetch", dropPerCall),
			"http.Transport t is created per call to fetch and dropped" + why,
			"each request through it opens a new connection: " + cost + "; share one Transport",
		},
		{
			"Transport per request in a handler",
			droppedTransport("t", false, "handler", dropPerRequest),
			"http.Transport t is created per request in the handler handler and dropped" + why,
			"each request through it opens a new connection: " + cost + "; share one Transport",
		},
		{
			"keep-alives off on a local Transport",
			noKeepAlive("", "in a loop", token.NoPos, 27),
			"keep-alives are off (DisableKeepAlives: true) on the http.Transport used in a loop at line 27" + why,
			"used in a loop: every request opens a new connection: " + cost + "; leave keep-alives on, and read each response body to EOF before closing it",
		},
		{
			"keep-alives off on a Transport in a package variable",
			noKeepAlive("noKeepAlive", "in the handler poll", token.NoPos, 12),
			"keep-alives are off (DisableKeepAlives: true) on the http.Transport in noKeepAlive, used in the handler poll at line 12" + why,
			"used in the handler poll: every request opens a new connection: " + cost + "; leave keep-alives on, and read each response body to EOF before closing it",
		},
		{
			"request Close",
			requestClose("in a loop"),
			"keep-alives are off (Close: true) on a request made in a loop" + why,
			"every request opens a new connection: " + cost + "; leave Close unset, and read each response body to EOF before closing it",
		},
		{
			"body closed undrained",
			undrainedBody("resp.Body"),
			"response body resp.Body is closed in a loop without being read to EOF (its connection is not reused)",
			"the Transport closes a connection whose body was not read to EOF, so every iteration opens a new one and this side keeps the old one in TIME_WAIT for 60 s, holding an ephemeral port; drain it first, bounded as net/http bounds its own drains: io.CopyN(io.Discard, resp.Body, 256<<10) (an unbounded io.Copy never returns on an endless body)",
		},
		{
			"defer of a conn in a loop",
			deferInLoop("defer c.Close()", analyzer.Conn, "c", "net.Dial", "deferConn", token.NoPos),
			"defer c.Close() in a loop: connection c from net.Dial of every iteration stays open until deferConn returns",
			"opened in every iteration, and each one stays open until deferConn returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"defer of a body in a loop",
			deferInLoop("defer resp.Body.Close()", analyzer.Body, "resp", "http.Get", "fetchAll", token.NoPos),
			"defer resp.Body.Close() in a loop: response body resp.Body from http.Get of every iteration stays open until fetchAll returns",
			"opened in every iteration, and each one stays open until fetchAll returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"deferred function literal closing a listener in a loop",
			deferInLoop("a deferred Close", analyzer.Listener, "ln", "net.Listen", "the function literal in serve", token.NoPos),
			"a deferred Close in a loop: listener ln from net.Listen of every iteration stays open until the function literal in serve returns",
			"opened in every iteration, and each one stays open until the function literal in serve returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"defer of an unnamed body in a loop",
			deferInLoop("defer", analyzer.Body, "", "c.Do", "f", token.NoPos),
			"defer in a loop: response body from c.Do of every iteration stays open until f returns",
			"opened in every iteration, and each one stays open until f returns (its fd, and its connection or port, with it); close it at the end of the iteration, or move the loop body into a function literal",
		},
		{
			"named conn dialled per iteration",
			redial("c", "net.Dial", "sendEach"),
			"connection c from net.Dial is opened and closed in every iteration of a loop in sendEach (a new connection per message)",
			"the address does not change in the loop, yet each message costs a new connection: " + cost + "; dial once before the loop and reuse the connection",
		},
		{
			"unnamed conn dialled per iteration",
			redial("", "tls.Dial", "run"),
			"a connection from tls.Dial is opened and closed in every iteration of a loop in run (a new connection per message)",
			"the address does not change in the loop, yet each message costs a new connection: " + cost + "; dial once before the loop and reuse the connection",
		},
	} {
		if tc.got.headline != tc.headline {
			t.Errorf("%s: headline\n got %s\nwant %s", tc.name, tc.got.headline, tc.headline)
		}
		if tc.got.detail != tc.detail {
			t.Errorf("%s: detail\n got %s\nwant %s", tc.name, tc.got.detail, tc.detail)
		}
		// The diagnostic style: one line, lower case, no period; short.
		h := tc.got.headline
		if strings.Contains(h, "\n") || strings.HasSuffix(h, ".") || h != strings.ToLower(h[:1])+h[1:] || len(h) > 150 {
			t.Errorf("%s: headline %q is not one short lower-case line without a period", tc.name, h)
		}
	}
}

// TestFindingRelated checks that the detail of a finding is its one
// Related entry, at its own position when it has one and at the
// headline's otherwise.
func TestFindingRelated(t *testing.T) {
	f := finding{headline: "h", detail: "d"}
	d := f.diagnostic(10)
	if d.Pos != 10 || d.Message != "h" || len(d.Related) != 1 || d.Related[0].Pos != 10 || d.Related[0].Message != "d" {
		t.Errorf("diagnostic without a detail position: %+v", d)
	}
	f.detailPos = 20
	if d := f.diagnostic(10); len(d.Related) != 1 || d.Related[0].Pos != 20 {
		t.Errorf("diagnostic with a detail position: %+v", d)
	}
}

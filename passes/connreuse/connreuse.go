package connreuse

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/passes/internal/reuse"
)

// Analyzer reports connections opened and closed per request, and defer
// Close in loops.
var Analyzer = &analysis.Analyzer{
	Name:     "connreuse",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#time_wait-the-side-that-closes-first",
	Requires: []*analysis.Analyzer{reuse.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, d := range pass.ResultOf[reuse.Analyzer].(*reuse.Result).Diagnostics {
			pass.Report(d)
		}
		return nil, nil
	},
}

const doc = `report code that opens and closes a connection per request (TIME_WAIT storms), and defer Close in loops

TIME_WAIT sits on the side that closes a TCP connection first, for 60 s on
Linux, holding the connection's ephemeral port. A client that opens a new
connection per request and closes it keeps one such socket per request:
at 500 requests a second the default 28,232 ports of
net.ipv4.ip_local_port_range last under a minute ("cannot assign
requested address"). connreuse reports the code that does that:

  - an http.Transport (a &http.Transport{…}, or a Clone of one) created
    per call of a function that sends requests through it, directly, in an
    http.Client or in an httputil.ReverseProxy built there, and dropped
    when it returns (not stored, returned or handed on); also one created
    in a loop. Not reported in main, init, or functions that only they
    call, once. Share one Transport (http.DefaultTransport, or a field).
  - keep-alives turned off (DisableKeepAlives: true, req.Close = true) on
    a Transport or request used in a loop or in an HTTP handler.
  - a response body closed in a loop without being read to EOF: the
    Transport then closes the connection instead of reusing it. Drain it
    first, bounded as net/http bounds its own drains, with
    io.CopyN(io.Discard, resp.Body, 256<<10) (a suggested fix: a longer
    body, or an endless stream, is then closed, not read forever). Responses
    to HEAD and 204/304 responses have no body and are not reported.
  - a connection dialed, written and closed in every iteration of a loop
    to an address that does not change in the loop: dial once.

	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close() // reported: closed without being read to EOF
	}

It also reports defer x.Close() on a connection, listener or response body
acquired in the same loop: every iteration's resource stays open until
the function returns. Close it at the end of the iteration, or move the
loop body into a function literal (a defer there runs per iteration).`

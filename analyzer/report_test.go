package analyzer_test

import (
	"go/token"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// TestReportWording pins every form of the diagnostic, word for word: the
// message, the Related note at each exit and the fix. The fixtures match
// only the stem of each message (what leaks, and how it leaves), so this
// is the one place where the full wording is checked.
func TestReportWording(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("leak.go", -1, 100*10)
	lines := make([]int, 100)
	for i := range lines {
		lines[i] = i * 10
	}
	file.SetLines(lines)
	at := func(line int) token.Pos { return file.LineStart(line) }

	const (
		connWhy     = " (the fd leaks, and once the peer closes the socket sits in CLOSE_WAIT)"
		finWhy      = " (the peer's FIN leaves it in CLOSE_WAIT)"
		bodyWhy     = " (the connection can be neither reused nor closed, and sits in CLOSE_WAIT once the server closes)"
		listenerWhy = " (the port stays bound and its fd leaks)"
		packetWhy   = " (its fd and port leak: a datagram socket never reaches CLOSE_WAIT, but it stays open)"
	)
	conn := func(exits ...analyzer.Exit) *analyzer.Leak {
		return &analyzer.Leak{Kind: analyzer.Conn, Callee: "net.Dial", Type: "net.Conn", Var: "c", Exits: exits}
	}
	ret := func(kind analyzer.ExitKind, line int) analyzer.Exit {
		return analyzer.Exit{Kind: kind, Pos: at(line)}
	}
	readErr := func(read, line int) analyzer.Exit {
		return analyzer.Exit{Kind: analyzer.ReadErrorExit, Pos: at(line), Read: at(read)}
	}

	for _, tc := range []struct {
		name    string
		leak    *analyzer.Leak
		message string
		related []string
	}{
		{
			name:    "conn on a plain return",
			leak:    conn(ret(analyzer.ReturnExit, 12)),
			message: "net.Conn c from net.Dial is not closed on the return at line 12" + connWhy,
			related: []string{"c is still open at this return"},
		},
		{
			name:    "conn on an error return",
			leak:    conn(ret(analyzer.ErrorReturnExit, 14)),
			message: "net.Conn c from net.Dial is not closed on the error return at line 14" + connWhy,
			related: []string{"c is still open at this error return"},
		},
		{
			name:    "conn on the io.EOF return",
			leak:    conn(readErr(20, 22)),
			message: "net.Conn c from net.Dial is not closed on the io.EOF return at line 22" + finWhy,
			related: []string{"c is still open here, after the read at line 20 failed: io.EOF there is the peer's FIN"},
		},
		{
			name:    "conn on the io.EOF return and one other path",
			leak:    conn(readErr(20, 22), ret(analyzer.ReturnExit, 30)),
			message: "net.Conn c from net.Dial is not closed on the io.EOF return at line 22 and on 1 other path" + finWhy,
			related: []string{
				"c is still open here, after the read at line 20 failed: io.EOF there is the peer's FIN",
				"c is still open at this return",
			},
		},
		{
			name:    "conn on an error return and other paths including the io.EOF return",
			leak:    conn(ret(analyzer.ErrorReturnExit, 14), ret(analyzer.ReturnExit, 18), readErr(20, 22)),
			message: "net.Conn c from net.Dial is not closed on the error return at line 14 and on 2 other paths, including the io.EOF return at line 22" + finWhy,
			related: []string{
				"c is still open at this error return",
				"c is still open at this return",
				"c is still open here, after the read at line 20 failed: io.EOF there is the peer's FIN",
			},
		},
		{
			name:    "conn on a continue",
			leak:    conn(ret(analyzer.ContinueExit, 16)),
			message: "net.Conn c from net.Dial is not closed on the continue at line 16" + connWhy,
			related: []string{"c is still open at this continue; the next iteration drops it"},
		},
		{
			name:    "conn overwritten",
			leak:    conn(ret(analyzer.OverwriteExit, 46)),
			message: "net.Conn c from net.Dial is not closed when c is overwritten at line 46" + connWhy,
			related: []string{"c is overwritten here while still open"},
		},
		{
			name: "retry loop: the overwrite is the headline, not the return before it",
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "c.Get", Type: "*net/http.Response", InResponse: true, Var: "resp",
				Exits: []analyzer.Exit{ret(analyzer.ErrorReturnExit, 14), ret(analyzer.OverwriteExit, 16)}},
			message: "response body resp.Body from c.Get is not closed when resp is overwritten at line 16 and on 1 other path" + bodyWhy,
			related: []string{"resp.Body is still open at this error return", "resp.Body is overwritten here while still open"},
		},
		{
			name:    "conn overwritten after an io.EOF return",
			leak:    conn(readErr(20, 22), ret(analyzer.OverwriteExit, 46)),
			message: "net.Conn c from net.Dial is not closed when c is overwritten at line 46 and on 1 other path, including the io.EOF return at line 22" + finWhy,
			related: []string{
				"c is still open here, after the read at line 20 failed: io.EOF there is the peer's FIN",
				"c is overwritten here while still open",
			},
		},
		{
			name: "unnamed pointer conn overwritten",
			leak: &analyzer.Leak{Kind: analyzer.Conn, Callee: "net.DialTCP", Type: "*net.TCPConn",
				Exits: []analyzer.Exit{ret(analyzer.OverwriteExit, 46)}},
			message: "*net.TCPConn from net.DialTCP is not closed when it is overwritten at line 46" + connWhy,
			related: []string{"the net.TCPConn is overwritten here while still open"},
		},
		{
			name: "unnamed conn on a return",
			leak: &analyzer.Leak{Kind: analyzer.Conn, Callee: "net.Dial", Type: "net.Conn",
				Exits: []analyzer.Exit{ret(analyzer.ReturnExit, 88)}},
			message: "net.Conn from net.Dial is not closed on the return at line 88" + connWhy,
			related: []string{"the net.Conn is still open at this return"},
		},
		{
			name: "conn parameter on an error return",
			leak: &analyzer.Leak{Kind: analyzer.Conn, Type: "net.Conn", Var: "raw", Param: true,
				Exits: []analyzer.Exit{ret(analyzer.ErrorReturnExit, 60)}},
			message: "net.Conn parameter raw is not closed on the error return at line 60" + connWhy,
			related: []string{"raw is still open at this error return"},
		},
		{
			name: "conn taken by a goroutine that leaves it open on its io.EOF return",
			leak: conn(analyzer.Exit{Kind: analyzer.HandoffExit, Pos: at(20), Via: analyzer.ReadErrorExit,
				Callee: "the goroutine started at line 16"}),
			message: "net.Conn c from net.Dial is not closed by the goroutine started at line 16, which takes it, on its io.EOF return at line 20" + finWhy,
			related: []string{"the goroutine started at line 16, which takes c, leaves it open here"},
		},
		{
			name: "conn taken by a function of another package that leaves it open on its error return",
			leak: conn(analyzer.Exit{Kind: analyzer.HandoffExit, Pos: at(40), Via: analyzer.ErrorReturnExit,
				Callee: "xupstream.Echo", Where: "upstream.go:32"}),
			message: "net.Conn c from net.Dial is not closed by xupstream.Echo, which takes it, on its error return at upstream.go:32" + connWhy,
			related: []string{"xupstream.Echo, which takes c, leaves it open on its error return at upstream.go:32"},
		},
		{
			name: "a taker's io.EOF exit after an error return",
			leak: conn(ret(analyzer.ErrorReturnExit, 14), analyzer.Exit{Kind: analyzer.HandoffExit, Pos: at(40),
				Via: analyzer.ReadErrorExit, Callee: "serve", Where: "serve.go:9"}),
			message: "net.Conn c from net.Dial is not closed on the error return at line 14 and on 1 other path, including by serve, which takes it, on its io.EOF return at serve.go:9" + finWhy,
			related: []string{
				"c is still open at this error return",
				"serve, which takes c, leaves it open on its io.EOF return at serve.go:9",
			},
		},
		{
			name: "an exit of the function named before a taker's of another package that sorts first",
			leak: conn(analyzer.Exit{Kind: analyzer.HandoffExit, Pos: at(5), Via: analyzer.ErrorReturnExit,
				Callee: "handle", Where: "pprof.go:907"}, ret(analyzer.ContinueExit, 30)),
			message: "net.Conn c from net.Dial is not closed on the continue at line 30 and on 1 other path" + connWhy,
			related: []string{
				"handle, which takes c, leaves it open on its error return at pprof.go:907",
				"c is still open at this continue; the next iteration drops it",
			},
		},
		{
			name: "datagram socket on the read-error return",
			leak: &analyzer.Leak{Kind: analyzer.Conn, Callee: "net.ListenPacket", Type: "net.PacketConn", Var: "pc", Packet: true,
				Exits: []analyzer.Exit{ret(analyzer.ErrorReturnExit, 15), readErr(20, 21)}},
			message: "net.PacketConn pc from net.ListenPacket is not closed on the error return at line 15 and on 1 other path" + packetWhy,
			related: []string{
				"pc is still open at this error return",
				"pc is still open here, after the read at line 20 failed",
			},
		},
		{
			name: "datagram socket first exit a read error",
			leak: &analyzer.Leak{Kind: analyzer.Conn, Callee: "net.ListenUDP", Type: "*net.UDPConn", Packet: true,
				Exits: []analyzer.Exit{readErr(20, 21)}},
			message: "*net.UDPConn from net.ListenUDP is not closed on the read-error return at line 21" + packetWhy,
			related: []string{"the net.UDPConn is still open here, after the read at line 20 failed"},
		},
		{
			name: "listener on an error return",
			leak: &analyzer.Leak{Kind: analyzer.Listener, Callee: "net.Listen", Type: "net.Listener", Var: "ln",
				Exits: []analyzer.Exit{ret(analyzer.ErrorReturnExit, 40)}},
			message: "net.Listener ln from net.Listen is not closed on the error return at line 40" + listenerWhy,
			related: []string{"ln is still open at this error return"},
		},
		{
			name: "response body on the io.EOF return",
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "http.Get", Type: "*net/http.Response", InResponse: true, Var: "resp",
				Exits: []analyzer.Exit{readErr(52, 54), ret(analyzer.ReturnExit, 58)}},
			message: "response body resp.Body from http.Get is not closed on the io.EOF return at line 54 and on 1 other path" + bodyWhy,
			related: []string{
				"resp.Body is still open here, after the read at line 52 failed: io.EOF there is the peer's FIN",
				"resp.Body is still open at this return",
			},
		},
		{
			name: "unnamed response body on a return",
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "client.Do", Type: "*net/http.Response",
				Exits: []analyzer.Exit{ret(analyzer.ReturnExit, 42)}},
			message: "response body from client.Do is not closed on the return at line 42" + bodyWhy,
			related: []string{"the response body is still open at this return"},
		},
		{
			name: "body held as a reader",
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "xbodyhelp.Fetch", Type: "io.ReadCloser", Var: "body",
				Exits: []analyzer.Exit{ret(analyzer.ReturnExit, 56)}},
			message: "response body body from xbodyhelp.Fetch is not closed on the return at line 56" + bodyWhy,
			related: []string{"body is still open at this return"},
		},
		{
			name: "response whose Body field is replaced",
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "c.Do", Type: "*net/http.Response", InResponse: true, Var: "resp",
				Exits: []analyzer.Exit{{Kind: analyzer.OverwriteExit, Pos: at(70), Field: "Body"}}},
			message: "response body resp.Body from c.Do is not closed when its Body field is replaced at line 70" + bodyWhy,
			related: []string{"its Body field is replaced here while resp.Body is still open: the old one can no longer be closed"},
		},
		{
			name: "response overwritten",
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "c.Do", Type: "*net/http.Response", InResponse: true, Var: "resp",
				Exits: []analyzer.Exit{ret(analyzer.OverwriteExit, 57)}},
			message: "response body resp.Body from c.Do is not closed when resp is overwritten at line 57" + bodyWhy,
			related: []string{"resp.Body is overwritten here while still open"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := report(t, fset, tc.leak)
			if d.Message != tc.message {
				t.Errorf("message:\n got %s\nwant %s", d.Message, tc.message)
			}
			if d.Pos != tc.leak.Call {
				t.Errorf("reported at %v, want the acquiring call %v", d.Pos, tc.leak.Call)
			}
			if len(d.Related) != len(tc.related) {
				t.Fatalf("%d related notes, want %d: %v", len(d.Related), len(tc.related), d.Related)
			}
			for i, r := range d.Related {
				if r.Message != tc.related[i] || r.Pos != tc.leak.Exits[i].Pos {
					t.Errorf("related %d:\n got %s at %v\nwant %s at %v", i, r.Message, r.Pos, tc.related[i], tc.leak.Exits[i].Pos)
				}
			}
			if len(d.SuggestedFixes) != 0 {
				t.Errorf("a fix is offered without a Fix: %v", d.SuggestedFixes)
			}
		})
	}
}

// TestReportFix checks the wording and the edits of the offered fixes: a
// defer after the error check, and a Close before leaking returns.
func TestReportFix(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("fix.go", -1, 1000)
	lines := make([]int, 100)
	for i := range lines {
		lines[i] = i * 10
	}
	file.SetLines(lines)
	at := func(line int) token.Pos { return file.LineStart(line) }
	leak := func(f *analyzer.Fix) *analyzer.Leak {
		return &analyzer.Leak{
			Kind: analyzer.Conn, Call: at(3), Callee: "net.Dial", Type: "net.Conn", Var: "c",
			Exits: []analyzer.Exit{{Kind: analyzer.ReturnExit, Pos: at(17)}}, Fix: f,
		}
	}
	for _, tc := range []struct {
		fix  *analyzer.Fix
		want string
	}{
		{&analyzer.Fix{Deferred: true, Target: "c", Edits: []analyzer.FixEdit{{Pos: at(6), Text: "\n\tdefer c.Close()"}}},
			"add defer c.Close() after the error check"},
		{&analyzer.Fix{Target: "c", Edits: []analyzer.FixEdit{{Pos: at(17), Text: "c.Close()\n\t\t"}}},
			"add c.Close() before the return at line 17"},
		{&analyzer.Fix{Target: "resp.Body", Edits: []analyzer.FixEdit{{Pos: at(17), Text: "x"}, {Pos: at(23), Text: "y"}, {Pos: at(31), Text: "z"}}},
			"add resp.Body.Close() before the returns at lines 17, 23 and 31"},
		{&analyzer.Fix{Target: "c", Edits: []analyzer.FixEdit{{Pos: at(17), Text: "x"}, {Pos: at(40), Text: "y", End: true}}},
			"add c.Close() before the return at line 17 and at the end of the function"},
		{&analyzer.Fix{Target: "c", Edits: []analyzer.FixEdit{{Pos: at(40), Text: "y", End: true}}},
			"add c.Close() at the end of the function"},
	} {
		l := leak(tc.fix)
		d := report(t, fset, l)
		if len(d.SuggestedFixes) != 1 {
			t.Fatalf("%d fixes, want 1", len(d.SuggestedFixes))
		}
		fix := d.SuggestedFixes[0]
		if fix.Message != tc.want {
			t.Errorf("fix message %q, want %q", fix.Message, tc.want)
		}
		if len(fix.TextEdits) != len(tc.fix.Edits) {
			t.Fatalf("%d edits, want %d", len(fix.TextEdits), len(tc.fix.Edits))
		}
		for i, e := range fix.TextEdits {
			if w := tc.fix.Edits[i]; e.Pos != w.Pos || e.End != w.Pos || string(e.NewText) != w.Text {
				t.Errorf("edit %+v, want an insertion of %q at %v", e, w.Text, w.Pos)
			}
		}
	}
}

// TestReportWrapper pins the wording of a return that gives the caller
// only a wrapper of the resource, through which it cannot close it.
func TestReportWrapper(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("wrap.go", -1, 1000)
	lines := make([]int, 100)
	for i := range lines {
		lines[i] = i * 10
	}
	file.SetLines(lines)
	at := func(line int) token.Pos { return file.LineStart(line) }
	const bodyWhy = " (the connection can be neither reused nor closed, and sits in CLOSE_WAIT once the server closes)"
	for _, tc := range []struct {
		leak    *analyzer.Leak
		message string
		related []string
	}{
		{
			leak: &analyzer.Leak{Kind: analyzer.Body, Callee: "http.Get", Type: "*net/http.Response", InResponse: true, Var: "resp",
				Exits: []analyzer.Exit{{Kind: analyzer.ReturnExit, Pos: at(19), Wrapper: "*gzip.Reader", WrapperCloses: true}}},
			message: "response body resp.Body from http.Get is not closed on the return at line 19: it gives the caller only a *gzip.Reader built on it, whose Close leaves resp.Body open, so the caller cannot close resp.Body; return an io.ReadCloser whose Close also closes resp.Body" + bodyWhy,
			related: []string{"resp.Body is still open at this return, which gives the caller only a *gzip.Reader built on it"},
		},
		{
			leak: &analyzer.Leak{Kind: analyzer.Conn, Callee: "net.Dial", Type: "net.Conn", Var: "c",
				Exits: []analyzer.Exit{{Kind: analyzer.ErrorReturnExit, Pos: at(12)}, {Kind: analyzer.ReturnExit, Pos: at(20), Wrapper: "*rw"}}},
			message: "net.Conn c from net.Dial is not closed on the error return at line 12 and on 1 other path: the return at line 20 gives the caller only a *rw built on it, which has no Close, so the caller cannot close c; return a value whose Close also closes c (a struct holding c, with a Close method) (the fd leaks, and once the peer closes the socket sits in CLOSE_WAIT)",
			related: []string{"c is still open at this error return", "c is still open at this return, which gives the caller only a *rw built on it"},
		},
	} {
		d := report(t, fset, tc.leak)
		if d.Message != tc.message {
			t.Errorf("message:\n got %s\nwant %s", d.Message, tc.message)
		}
		if len(d.Related) != len(tc.related) {
			t.Fatalf("%d related notes, want %d: %v", len(d.Related), len(tc.related), d.Related)
		}
		for i, r := range d.Related {
			if r.Message != tc.related[i] {
				t.Errorf("related %d:\n got %s\nwant %s", i, r.Message, tc.related[i])
			}
		}
		if len(d.SuggestedFixes) != 0 {
			t.Errorf("a fix is offered: %v", d.SuggestedFixes)
		}
	}
}

// report returns the one diagnostic that analyzer.Report reports for l.
func report(t *testing.T, fset *token.FileSet, l *analyzer.Leak) analysis.Diagnostic {
	t.Helper()
	var got []analysis.Diagnostic
	pass := &analysis.Pass{Fset: fset, Report: func(d analysis.Diagnostic) { got = append(got, d) }}
	analyzer.Report(pass, l)
	if len(got) != 1 {
		t.Fatalf("analyzer.Report reported %d diagnostics, want 1", len(got))
	}
	return got[0]
}

// TestReportHandedBy pins the wording of a parameter leak that is also a
// goroutine hand-off of an acquisition (one report for both): the
// headline names where the resource comes from, and a Related note sits
// on the acquisition, after the exits.
func TestReportHandedBy(t *testing.T) {
	fset := token.NewFileSet()
	file := fset.AddFile("serve.go", -1, 1000)
	lines := make([]int, 100)
	for i := range lines {
		lines[i] = i * 10
	}
	file.SetLines(lines)
	other := fset.AddFile("accept.go", -1, 1000)
	other.SetLines(lines)
	l := &analyzer.Leak{
		Kind: analyzer.Conn, Call: file.LineStart(9), Type: "net.Conn", Var: "c", Param: true,
		Exits: []analyzer.Exit{{Kind: analyzer.ReadErrorExit, Pos: file.LineStart(17), Read: file.LineStart(15)}},
		HandedBy: []analyzer.Handoff{
			{Call: file.LineStart(25), Subject: "net.Conn c from ln.Accept", Callee: "ln.Accept", Go: file.LineStart(29)},
			{Call: other.LineStart(5), Subject: "net.Conn c from ln2.Accept", Callee: "ln2.Accept", Go: other.LineStart(8)},
		},
	}
	d := report(t, fset, l)
	const want = "net.Conn parameter c, from ln.Accept at line 25 by the goroutine started at line 29 and 1 other, is not closed on the io.EOF return at line 17 (the peer's FIN leaves it in CLOSE_WAIT)"
	if d.Message != want {
		t.Errorf("message:\n got %s\nwant %s", d.Message, want)
	}
	related := []struct {
		pos token.Pos
		msg string
	}{
		{file.LineStart(17), "c is still open here, after the read at line 15 failed: io.EOF there is the peer's FIN"},
		{file.LineStart(25), "net.Conn c from ln.Accept is opened here and handed to this function by the goroutine started at line 29"},
		{other.LineStart(5), "net.Conn c from ln2.Accept is opened here and handed to this function by the goroutine started at line 8"},
	}
	if len(d.Related) != len(related) {
		t.Fatalf("%d related notes, want %d: %v", len(d.Related), len(related), d.Related)
	}
	for i, r := range d.Related {
		if r.Pos != related[i].pos || r.Message != related[i].msg {
			t.Errorf("related %d:\n got %s at %v\nwant %s at %v", i, r.Message, r.Pos, related[i].msg, related[i].pos)
		}
	}
}

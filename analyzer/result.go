package analyzer

import (
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Kind says what sort of resource a leak holds.
type Kind int

const (
	// Conn is a connection: a net.Conn, a PacketConn, or any concrete conn type.
	Conn Kind = iota + 1
	// Listener is a net.Listener or a concrete listener type.
	Listener
	// Body is the Body of an *http.Response.
	Body
)

// String returns the kind's name as used in flags and messages.
func (k Kind) String() string {
	switch k {
	case Conn:
		return "conn"
	case Listener:
		return "listener"
	case Body:
		return "body"
	}
	return "unknown"
}

// ExitKind classifies the way a leaking path leaves the function.
type ExitKind int

const (
	// ReturnExit is a plain return (or the end of the function).
	ReturnExit ExitKind = iota + 1
	// ErrorReturnExit is a return of a non-nil error.
	ErrorReturnExit
	// ReadErrorExit is a return reached through the failure edge of a read
	// on the resource: io.EOF there is the peer's FIN.
	ReadErrorExit
	// ContinueExit is a continue statement after which the next iteration
	// drops the resource.
	ContinueExit
	// OverwriteExit is a re-acquisition into the same variable while the
	// old resource is still open.
	OverwriteExit
	// HandoffExit is an exit of a goroutine (or a function it was handed
	// to) that took the resource and leaves it open, while the caller
	// never closes it either.
	HandoffExit
)

// An Exit is one way out of the function along which the resource stays open.
type Exit struct {
	Kind ExitKind
	Pos  token.Pos // the return, continue or overwriting call
	Read token.Pos // for ReadErrorExit: the read whose failure leads here

	// For HandoffExit: how the function that took the resource leaves it
	// open, its name as the user wrote it, and, when its exit is in
	// another package, "file.go:line" (Pos is then the function itself).
	Via    ExitKind
	Callee string
	Where  string
	// takes: the goroutine closes or keeps it on its other paths, so it
	// took the resource over (see engine.ownedParamExits).
	takes bool

	// For OverwriteExit: the field of the resource that was replaced
	// (resp.Body = …), or "" when the variable holding it was.
	Field string

	// Drained: every path to this exit read the response body to io.EOF
	// first, or called a function that may have (see tracker.drains,
	// summary.drains): it leaves the body unclosed but holds no socket,
	// or (Leak.DrainedBy) it is not certain that it holds one.
	Drained bool

	// Dropper, for the error return of a method that parked the resource
	// in its receiver, names a caller that drops the receiver when the
	// method fails (see engine.receiverDropper).
	Dropper string
	// Parked: the error return leaves the resource in a field of the
	// receiver of a method that closes it there on another failure (see
	// engine.addParkedExits), or that a caller then drops (Dropper).
	Parked bool

	// For a return: the type of what it returns built on the resource (a
	// *gzip.Reader of the body, a struct holding a bufio.Reader of the
	// conn, a struct of this package that holds the conn and cannot
	// close it: see engine.nonOwningWrapper), which gives the caller no
	// way to close the resource, or "";
	// WrapperCloses says whether that type has a Close method (one that
	// does not close its source).
	Wrapper       string
	WrapperCloses bool
	// WrapperField, when the wrapper is a struct of this package that
	// keeps the resource in a field no code of the package closes (see
	// engine.forgottenField), names that field.
	WrapperField string

	// For HandoffExit: the parameter of a function of this package
	// that took the resource and leaves it open itself, or NoPos (a
	// closure's capture, a function of another package, one that hands
	// it on); and the statement that started the goroutine.
	param, start token.Pos
}

// A Handoff is where a resource a parameter leak is about comes from: an
// acquisition in this package whose goroutine hand-off is that leak. Its
// own report is dropped (one leak, one report), and the parameter's
// names it.
type Handoff struct {
	Call    token.Pos // the acquiring call
	Subject string    // the resource as the dropped report named it, e.g. "net.Conn c from ln.Accept"
	Callee  string    // the acquiring callee as the user wrote it, e.g. "ln.Accept", or ""
	Go      token.Pos // the go statement (or the call that starts the goroutine)
}

// A Leak is one acquisition that some path leaves open.
type Leak struct {
	Kind   Kind
	Call   token.Pos // start of the acquiring call expression
	Callee string    // the callee as the user wrote it, e.g. "net.Dial"
	Type   string    // the resource's type as the user sees it, e.g. "net.Conn"
	Var    string    // the variable the user bound it to, or ""
	// InResponse: Var holds the *http.Response whose Body leaks (resp,
	// named resp.Body), not the body itself.
	InResponse bool
	Exits      []Exit    // sorted by position
	Packet     bool      // a datagram or raw socket: no CLOSE_WAIT, but the fd leaks
	Param      bool      // a parameter the function owns on failure (it closes it on another error path)
	Received   bool      // received from a channel (Callee is the channel as written)
	HandedBy   []Handoff // for Param: the acquisitions whose goroutine hand-off this leak is
	// owner: for a field of a method's receiver (Var is recv.field, Call
	// the receiver), the method that leaves it open (see fieldOwner).
	owner *fieldOwner
	// Drained: a response body read to io.EOF on every leaking path (see
	// Exit.Drained): not closed, but holding no socket. Reported only
	// under -closewait.drained; Result.Withheld has the others.
	Drained bool
	// Container: the local slice the resource is kept in with those of
	// the loop's other iterations (see engine.containerLeaks), or "".
	Container string
	// DrainedBy, for Drained: the callee that may have read it to io.EOF
	// (on some of its paths only, or on all), when that is what made the
	// paths drained: the finding is uncertain rather than harmless.
	DrainedBy string
	Fix       *Fix // the change that closes it, where that is safe, or nil
	withheld  bool // in Result.Withheld: reported only under -closewait.withheld
	// unix: a unix socket (see unixTypes and unixAcquirers): no
	// CLOSE_WAIT, no port; with Packet, a unix datagram socket.
	unix bool
	// anySocket: a conn made from a file descriptor of any socket type
	// (net.FileConn): neither CLOSE_WAIT nor a port can be claimed.
	anySocket bool
	// cancelled, for Drained: what leaves it holding no socket is the
	// deferred cancel of its request's context, not a read to io.EOF.
	cancelled bool
	// head, for Drained: it answers a HEAD request, which has no body.
	head bool
}

// A Fix is the change offered for a leak: `defer x.Close()` right after
// the acquisition's error check (Deferred), or `x.Close()` before each
// leaking return it can be added to.
type Fix struct {
	Deferred bool
	Target   string // what is closed: "c", "resp.Body"
	// Edits are insertions, by position: for a deferred fix one, after the
	// error check; else one per return, at the return statement or, for
	// the end of the function, at its closing brace.
	Edits []FixEdit
}

// A FixEdit inserts Text at Pos; End: Pos is the function's closing
// brace (it falls off the end), not a return statement.
type FixEdit struct {
	Pos  token.Pos
	Text string
	End  bool
}

// Result is the provider analyzer's result: every leak found in the
// package outside generated files and not silenced by a directive, and
// every //closewait:ignore directive.
type Result struct {
	Leaks      []*Leak
	Directives []*Directive
	// Withheld are the leaks found but not reported: response bodies read
	// to io.EOF on every leaking path (Leak.Drained), unless
	// -closewait.drained asks for them.
	Withheld []*Leak
}

// Leaks returns the leaks that Analyzer found in pass's package and
// reports, and under -closewait.withheld the withheld ones too (Report
// gives those the category WithheldCategory). The pass's analyzer must
// list Analyzer in its Requires.
func Leaks(pass *analysis.Pass) []*Leak {
	res := pass.ResultOf[Analyzer].(*Result)
	if !withheldFlag || len(res.Withheld) == 0 {
		return res.Leaks
	}
	return append(res.Leaks[:len(res.Leaks):len(res.Leaks)], res.Withheld...)
}

// Directives returns the //closewait:ignore directives of pass's package,
// each marked with whether it silenced a leak.
func Directives(pass *analysis.Pass) []*Directive {
	return pass.ResultOf[Analyzer].(*Result).Directives
}

package analyzer

// This file lists the functions that release a resource passed to them,
// take over its release, or hand it to a wrapper that releases it.

// ownerTakers lists functions that take ownership of the resource passed
// as the given parameter (receiver not counted): they close it when done.
var ownerTakers = map[string]int{
	"net/http.Serve":           0,
	"(*net/http.Server).Serve": 0,
}

// failOpenTakers lists functions that take ownership of the resource
// passed as the given parameter (receiver not counted) only when they get
// as far as using it: they return some errors (a certificate that does
// not load) before that, leaving it to the caller, and the caller cannot
// tell those errors apart.
var failOpenTakers = map[string]int{
	"net/http.ServeTLS":           0,
	"(*net/http.Server).ServeTLS": 0,
}

// ownerWrappers lists functions whose result owns the resource passed as
// the given parameter: closing the result closes the resource.
var ownerWrappers = map[string]int{
	"crypto/tls.Client":      0,
	"crypto/tls.Server":      0,
	"crypto/tls.NewListener": 0,
	// Socket-option wrappers whose Close closes the conn they wrap.
	"golang.org/x/net/ipv4.NewPacketConn": 0,
	"golang.org/x/net/ipv6.NewPacketConn": 0,
	"golang.org/x/net/ipv4.NewConn":       0,
	"golang.org/x/net/ipv6.NewConn":       0,
	"golang.org/x/net/ipv4.NewRawConn":    0,
}

// readsToEOF are the functions that read the reader passed as the given
// parameter until io.EOF or a failure, unbounded: a response body passed
// to one itself holds no socket afterwards, since net/http gives the
// connection back to its pool at the body's EOF and closes it on a failed
// read (see tracker.drains).
var readsToEOF = map[string]int{
	"io.Copy":           1,
	"io.CopyBuffer":     1,
	"io.ReadAll":        0,
	"io/ioutil.ReadAll": 0,
}

// copyDestinations are the parameters of readsToEOF's copiers that
// receive what they read: a copy stops at the first failed write, before
// io.EOF. Into a peer (see peerWriters, and conns) that is an everyday
// event, the client hanging up, so such a copy does not drain the body.
var copyDestinations = map[string]int{
	"io.Copy":       0,
	"io.CopyBuffer": 0,
}

// peerWriters are the writers (besides conns) whose writes fail when the
// peer at the other end hangs up.
var peerWriters = map[string]bool{
	"net/http.ResponseWriter": true,
}

// passedOnReads are the read methods of passThroughReaders' readers
// whose error is the underlying reader's (bufio's ReadSlice and ReadLine
// also fail on a full buffer).
var passedOnReads = map[string]bool{
	"Read":       true,
	"ReadString": true,
	"ReadBytes":  true,
	"ReadByte":   true,
	"ReadRune":   true,
}

// passedOnErrors are the borrowers that read their reader parameter
// (see borrowers' Reads) and fail only with its error, or with
// io.ErrUnexpectedEOF at its io.EOF (a gzip reader's header error, a
// scan's parse error are their own).
var passedOnErrors = map[string]bool{
	"io.ReadFull":              true,
	"(*bytes.Buffer).ReadFrom": true,
}

// passThroughReaders return a reader whose reads to io.EOF read the
// reader passed as the given parameter to io.EOF: io.ReadAll(bufio.
// NewReader(resp.Body)) drains the body as io.ReadAll(resp.Body) does
// (an io.LimitReader or a decoder stops before the end, so is not one).
var passThroughReaders = map[string]int{
	"bufio.NewReader":     0,
	"bufio.NewReaderSize": 0,
	"io.TeeReader":        0,
	"io.NopCloser":        0,
}

// cleanupRegistrars run the function value passed as the given parameter
// when the test ends, like a deferred call.
var cleanupRegistrars = map[string]int{
	"(*testing.common).Cleanup": 0, // t.Cleanup, b.Cleanup, f.Cleanup: the method is testing.common's
	"(testing.TB).Cleanup":      0,
}

// conditionalRunners run the function value passed as the given
// parameter (receiver not counted) only if something happens later,
// and return a function (result 0) that calls it off: context.AfterFunc
// runs it when the context is done. A closer handed to one that the
// function also calls off (defer stop()) may never run: the resource is
// still the function's to close.
var conditionalRunners = map[string]int{
	"context.AfterFunc": 1,
}

// cancellableContexts return a context (result 0) and the function that
// cancels it (result 1). A response whose request carries such a context,
// or one derived from it, holds no socket once that function has run:
// net/http closes the connection of an unread response when its
// request's context is done.
var cancellableContexts = map[string]bool{
	"context.WithCancel":        true,
	"context.WithCancelCause":   true,
	"context.WithTimeout":       true,
	"context.WithTimeoutCause":  true,
	"context.WithDeadline":      true,
	"context.WithDeadlineCause": true,
}

// contextDerivers return a context derived from the parameter given
// (receiver not counted), done when it is done.
var contextDerivers = map[string]int{
	"context.WithValue": 0,
}

// requestContexts build a request that carries the context passed as the
// given parameter (receiver not counted).
var requestContexts = map[string]int{
	"net/http.NewRequestWithContext":  0,
	"(*net/http.Request).WithContext": 0,
	"(*net/http.Request).Clone":       0,
}

// headSenders send a HEAD request: the response has no body, and
// net/http reuses its connection as soon as the headers are read.
var headSenders = map[string]bool{
	"net/http.Head":           true,
	"(*net/http.Client).Head": true,
}

// requestMethods build a request with the method passed as the given
// parameter (receiver not counted).
var requestMethods = map[string]int{
	"net/http.NewRequest":            0,
	"net/http.NewRequestWithContext": 1,
}

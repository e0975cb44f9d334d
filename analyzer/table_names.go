package analyzer

import "strings"

// This file holds the knowledge keyed by a bare name rather than a full
// one: the words in a function's or method's name that say what it does
// to a resource (for APIs the tables do not list), and the method names
// of conns, listeners and bodies.

// Interface methods and func values open a conn when they return one with
// an error and their name contains one of dialerWords, in any case (Dial,
// DialContext, DialTLS of golang.org/x/net/proxy.Dialer and of the
// DialContext field of http.Transport, a user's dialer interface, and
// func values such as forwardDial, netDial, tlsDialer), or starts with one
// of dialerPrefixes (Connect of a connector interface).
//
// Those that return a listener or a packet conn with an error bind it when
// their name contains one of listenerWords (a Listen or ListenPacket func
// field, a user's listener-factory interface).
var (
	dialerWords    = []string{"dial"}
	dialerPrefixes = []string{"Connect", "connect"}
	listenerWords  = []string{"listen"}
)

// A method of the resource whose name contains one of closedWords (in any
// case) and that answers a bool says whether the resource is closed
// (r.IsClosed(), r.isClosed(err)); one whose name contains one of
// releaseWords may release what it is called on (Close, CloseWrite,
// Shutdown, Stop), so a field read only through other methods (Read,
// SetDeadline, LocalAddr) is never released by them.
var (
	closedWords  = []string{"closed"}
	releaseWords = []string{"close", "shutdown", "stop"}
)

// nameHas reports whether name contains one of words, in any case.
func nameHas(name string, words []string) bool {
	lower := strings.ToLower(name)
	for _, w := range words {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// releaseMethods are the names of the methods that close a resource they
// are called on: Close (with or without arguments, as a client's
// Close(ctx) or a websocket's Close(code, reason)), a websocket's
// CloseNow, a QUIC conn's CloseWithError, a NATS conn's Drain (which
// closes it once its subscriptions are flushed), a MongoDB client's
// Disconnect(ctx).
var releaseMethods = map[string]bool{"Close": true, "CloseNow": true, "CloseWithError": true, "Drain": true, "Disconnect": true}

// readMethodNames are methods that read from their receiver, besides those
// named Read…: a failure of one on a resource (or a reader built on it)
// is where io.EOF, the peer's FIN, shows up.
var readMethodNames = map[string]bool{
	"Scan":    true,
	"Decode":  true,
	"Peek":    true,
	"Discard": true,
	"Token":   true,
	// A websocket conn's next message (gorilla, coder): its failure is
	// where the peer's close shows up.
	"NextReader": true,
}

// deadlineSetters are the methods of a conn that set its deadlines. On
// the concrete conns of package net (and crypto/tls, which hands them on)
// they fail only once the conn is closed (poll.ErrFileClosing) or never
// was one: where their error is non-nil, nothing is left to close. A
// conn of another type may fail them while open (a tunnel without
// deadlines), so they count only where the conn's concrete type is one
// of net's (see tracker.typeFixed) or the call is a static one of net's.
var deadlineSetters = map[string]bool{
	"SetDeadline":      true,
	"SetReadDeadline":  true,
	"SetWriteDeadline": true,
}

// deadlinePackages are the packages whose conns' deadline setters fail
// only on a closed conn.
var deadlinePackages = map[string]bool{"net": true, "crypto/tls": true}

// resourceMethods are the methods of conns, listeners and bodies: an
// interface made only of these can hold a resource (io.Reader, io.Closer,
// net.Conn, …); one with other methods, or none, cannot usefully.
var resourceMethods = map[string]bool{
	"Read": true, "Write": true, "Close": true, "CloseRead": true, "CloseWrite": true,
	"LocalAddr": true, "RemoteAddr": true, "SetDeadline": true, "SetReadDeadline": true,
	"SetWriteDeadline": true, "Accept": true, "Addr": true, "ReadFrom": true, "WriteTo": true,
	"SyscallConn": true, "File": true,
}

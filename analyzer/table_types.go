package analyzer

// This file lists the types, fields and packages the engine recognises
// by name. Types are keyed as types.TypeString spells them with full
// package paths: "net/http.Response", "*net.UDPConn" for a pointer.

// The standard library's types that the engine recognises by name: the
// net.Conn interface, the response whose Body a
// body acquisition yields, and the Transport whose dial fields say
// whether its connections are sockets.
var (
	connInterface       = "net.Conn"
	listenerInterface   = "net.Listener"
	packetConnInterface = "net.PacketConn"
	responseType        = "net/http.Response"
	transportType       = "net/http.Transport"
)

// connTypes are the concrete conn types a dialer may return.
var connTypes = []string{
	"net.TCPConn", "net.UDPConn", "net.UnixConn", "net.IPConn",
	"crypto/tls.Conn",
}

// packetTypes lists the types of datagram and raw sockets: whatever
// returns one (a helper's tryListen() (*net.UDPConn, bool)) leaks an fd
// and a port, never a CLOSE_WAIT.
var packetTypes = map[string]bool{
	"*net.UDPConn":   true,
	"*net.IPConn":    true,
	"net.PacketConn": true,
}

// unixTypes are the stream unix-socket types: no TCP states, so no
// CLOSE_WAIT and no port, but the fd (and a listener's socket path) stay.
var unixTypes = map[string]bool{
	"*net.UnixConn":     true,
	"*net.UnixListener": true,
}

// typeFixingPackages are the packages whose acquirers, called statically
// (not through an interface such as net.Listener), return a concrete
// type fixed by the call itself (its network argument, or the socket
// behind a file the program made): a comma-ok assertion of such a
// resource to a concrete type of the package fails only where the program
// asked for another kind of socket than it asserts, a path the engine
// does not report (the "BUG: incorrect socket type" returns after
// net.FilePacketConn, a *net.TCPListener asserted after a "tcp4" listen).
var typeFixingPackages = map[string]bool{"net": true}

// switchingProtocolsStatus is the status of a response that hands the
// connection over (an HTTP upgrade, a websocket handshake).
const switchingProtocolsStatus = 101

// responseBodyField is the field of an *http.Response that holds its
// socket (see socketField).
const responseBodyField = "Body"

// transportDialFields are the fields of net/http.Transport that set how
// it makes its connections.
var transportDialFields = map[string]bool{
	"Dial": true, "DialContext": true, "DialTLS": true, "DialTLSContext": true,
}

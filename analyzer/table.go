package analyzer

import "strings"

// This file holds closewait's knowledge of the standard library as data.
// Keys are types.Func.FullName() strings: "net.Dial", "(*net.Dialer).Dial",
// "(net.Listener).Accept", "(*net/http.Client).Do".

// An acquirer is a function whose result at index Result is a fresh resource.
type acquirer struct {
	Kind   Kind
	Result int
}

// acquirers lists the functions that return a resource the caller must close.
var acquirers = map[string]acquirer{
	// Connections.
	"net.Dial":                              {Conn, 0},
	"net.DialTimeout":                       {Conn, 0},
	"net.DialTCP":                           {Conn, 0},
	"net.DialUDP":                           {Conn, 0},
	"net.DialUnix":                          {Conn, 0},
	"net.DialIP":                            {Conn, 0},
	"(*net.Dialer).Dial":                    {Conn, 0},
	"(*net.Dialer).DialContext":             {Conn, 0},
	"(*net.Dialer).DialTCP":                 {Conn, 0},
	"(*net.Dialer).DialUDP":                 {Conn, 0},
	"(*net.Dialer).DialUnix":                {Conn, 0},
	"(*net.Dialer).DialIP":                  {Conn, 0},
	"crypto/tls.Dial":                       {Conn, 0},
	"crypto/tls.DialWithDialer":             {Conn, 0},
	"(*crypto/tls.Dialer).Dial":             {Conn, 0},
	"(*crypto/tls.Dialer).DialContext":      {Conn, 0},
	"(net.Listener).Accept":                 {Conn, 0},
	"(*net.TCPListener).Accept":             {Conn, 0},
	"(*net.TCPListener).AcceptTCP":          {Conn, 0},
	"(*net.UnixListener).Accept":            {Conn, 0},
	"(*net.UnixListener).AcceptUnix":        {Conn, 0},
	"net.FileConn":                          {Conn, 0},
	"net.FilePacketConn":                    {Conn, 0},
	"net.ListenPacket":                      {Conn, 0},
	"net.ListenUDP":                         {Conn, 0},
	"net.ListenUnixgram":                    {Conn, 0},
	"net.ListenIP":                          {Conn, 0},
	"net.ListenMulticastUDP":                {Conn, 0},
	"(*net.ListenConfig).ListenPacket":      {Conn, 0},
	"(net/http.Hijacker).Hijack":            {Conn, 0},
	"(*net/http.ResponseController).Hijack": {Conn, 0},
	// Connection-like clients: each holds its connections (and
	// goroutines) until it is closed. A gRPC client conn, an etcd client
	// (over gRPC), an SSH client (over its TCP conn), websocket conns
	// (over a dialled or hijacked TCP conn), QUIC conns (over a UDP
	// socket, closed with CloseWithError).
	"google.golang.org/grpc.Dial":                        {Conn, 0},
	"google.golang.org/grpc.DialContext":                 {Conn, 0},
	"google.golang.org/grpc.NewClient":                   {Conn, 0},
	"go.etcd.io/etcd/client/v3.New":                      {Conn, 0},
	"golang.org/x/crypto/ssh.Dial":                       {Conn, 0},
	"golang.org/x/crypto/ssh.NewClientConn":              {Conn, 0},
	"(*github.com/gorilla/websocket.Dialer).Dial":        {Conn, 0},
	"(*github.com/gorilla/websocket.Dialer).DialContext": {Conn, 0},
	"(*github.com/gorilla/websocket.Upgrader).Upgrade":   {Conn, 0},
	"github.com/coder/websocket.Dial":                    {Conn, 0},
	"github.com/coder/websocket.Accept":                  {Conn, 0},
	// QUIC: only what opens a UDP socket of its own. A conn from
	// quic.Dial (over the caller's packet conn), a Transport's Dial or a
	// listener's Accept shares a socket that something else owns and
	// closes itself when idle: dropping it leaks no fd.
	"github.com/quic-go/quic-go.DialAddr":        {Conn, 0},
	"github.com/quic-go/quic-go.DialAddrEarly":   {Conn, 0},
	"github.com/quic-go/quic-go.ListenAddr":      {Listener, 0},
	"github.com/quic-go/quic-go.ListenAddrEarly": {Listener, 0},

	// Listeners.
	"net.Listen":                 {Listener, 0},
	"net.ListenTCP":              {Listener, 0},
	"net.ListenUnix":             {Listener, 0},
	"net.FileListener":           {Listener, 0},
	"crypto/tls.Listen":          {Listener, 0},
	"(*net.ListenConfig).Listen": {Listener, 0},

	// Response bodies: the resource is the *http.Response; its Body is closed.
	"net/http.Get":                      {Body, 0},
	"net/http.Head":                     {Body, 0},
	"net/http.Post":                     {Body, 0},
	"net/http.PostForm":                 {Body, 0},
	"(*net/http.Client).Do":             {Body, 0},
	"(*net/http.Client).Get":            {Body, 0},
	"(*net/http.Client).Head":           {Body, 0},
	"(*net/http.Client).Post":           {Body, 0},
	"(*net/http.Client).PostForm":       {Body, 0},
	"(net/http.RoundTripper).RoundTrip": {Body, 0},
	"(*net/http.Transport).RoundTrip":   {Body, 0},
}

// networkParams gives, for the acquirers that take one, the parameter
// (receiver not counted) holding the network name: "udp" there makes a
// datagram socket. Other functions' network is a string parameter named
// network, if any.
var networkParams = map[string]int{
	"net.Dial":                         0,
	"net.DialTimeout":                  0,
	"(*net.Dialer).Dial":               0,
	"(*net.Dialer).DialContext":        1,
	"crypto/tls.Dial":                  0,
	"crypto/tls.DialWithDialer":        1,
	"(*crypto/tls.Dialer).Dial":        0,
	"(*crypto/tls.Dialer).DialContext": 1,
	"net.Listen":                       0,
	"net.ListenPacket":                 0,
	"(*net.ListenConfig).Listen":       1,
	"(*net.ListenConfig).ListenPacket": 1,
}

// Interface methods and func values open a conn when they return one with
// an error and their name contains one of dialerWords, in any case (Dial,
// DialContext, DialTLS of golang.org/x/net/proxy.Dialer and of the
// DialContext field of http.Transport, a user's dialer interface, and
// func values such as forwardDial, netDial, tlsDialer), or starts with one
// of dialerPrefixes (Connect of a connector interface).
var (
	dialerWords    = []string{"dial"}
	dialerPrefixes = []string{"Connect", "connect"}
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

// The standard library's types that the engine recognises by name
// (package path, name): the net.Conn interface, the response whose Body a
// body acquisition yields, and the Transport whose dial fields say
// whether its connections are sockets.
var (
	connInterface = [2]string{"net", "Conn"}
	responseType  = [2]string{"net/http", "Response"}
	transportType = [2]string{"net/http", "Transport"}
)

// typeFixingPackages are the packages whose acquirers, called statically
// (not through an interface such as net.Listener), return a concrete
// type fixed by the call itself (its network argument, or the socket
// behind a file the program made): a comma-ok assertion of such a
// resource to a concrete type of the package fails only where the program
// asked for another kind of socket than it asserts, a path the engine
// does not report (the "BUG: incorrect socket type" returns after
// net.FilePacketConn, a *net.TCPListener asserted after a "tcp4" listen).
var typeFixingPackages = map[string]bool{"net": true}

// fileAcquirers rebuild a resource from the *os.File passed as the given
// parameter: its type is that of the socket behind the file, fixed only
// if the program made that socket (fileMakers), not if it inherited it.
var fileAcquirers = map[string]int{
	"net.FileConn":       0,
	"net.FilePacketConn": 0,
	"net.FileListener":   0,
}

// fileMakers wrap the descriptor passed as the given parameter in an
// *os.File.
var fileMakers = map[string]int{"os.NewFile": 0}

// commandBodies are the fields, by type, that hold the body of a
// command-line program's command (cobra's Run and RunE): it runs once, and
// the process exits when it returns, so what it leaves open the kernel
// closes, as for main.
var commandBodies = map[string][]string{
	"github.com/spf13/cobra.Command": {"Run", "RunE"},
}

// exitFuncs end the process whatever they are given: a function whose
// result goes only to one of them (log.Fatal(run())) ends it too.
var exitFuncs = map[string]bool{
	"log.Fatal":             true,
	"log.Fatalf":            true,
	"log.Fatalln":           true,
	"(*log.Logger).Fatal":   true,
	"(*log.Logger).Fatalf":  true,
	"(*log.Logger).Fatalln": true,
}

// responseBodyField is the field of an *http.Response that holds its
// socket (see socketField).
const responseBodyField = "Body"

// lastActEnders end the process after main's last act (see endsMain):
// the exitFuncs and os.Exit. lastActInert are the packages whose calls
// after it only print (fmt, log).
var (
	lastActEnders = map[string]bool{"os.Exit": true}
	lastActInert  = map[string]bool{"fmt": true, "log": true}
)

// connTypes are the concrete conn types (package path, name) a dialer
// may return.
var connTypes = [][2]string{
	{"net", "TCPConn"}, {"net", "UDPConn"}, {"net", "UnixConn"}, {"net", "IPConn"},
	{"crypto/tls", "Conn"},
}

// packetTypes lists the types of datagram and raw sockets: whatever
// returns one (a helper's tryListen() (*net.UDPConn, bool)) leaks an fd
// and a port, never a CLOSE_WAIT.
var packetTypes = map[string]bool{
	"*net.UDPConn": true,
	"*net.IPConn":  true,
}

// packetAcquirers lists the acquirers of datagram (or raw) sockets, which
// have no connection to close: they never reach CLOSE_WAIT, but their fds
// and ports leak all the same.
var packetAcquirers = map[string]bool{
	"net.DialUDP":                      true,
	"net.DialIP":                       true,
	"net.ListenPacket":                 true,
	"net.ListenUDP":                    true,
	"net.ListenUnixgram":               true,
	"net.ListenIP":                     true,
	"net.ListenMulticastUDP":           true,
	"net.FilePacketConn":               true,
	"(*net.ListenConfig).ListenPacket": true,
	"(*net.Dialer).DialUDP":            true,
	"(*net.Dialer).DialIP":             true,
	// QUIC runs over UDP: a leaked conn that made its own socket keeps it
	// and its goroutines, but no TCP state.
	"github.com/quic-go/quic-go.DialAddr":      true,
	"github.com/quic-go/quic-go.DialAddrEarly": true,
}

// releaseMethods are the names of the methods that close a resource they
// are called on: Close (with or without arguments, as a client's
// Close(ctx) or a websocket's Close(code, reason)), a websocket's
// CloseNow, a QUIC conn's CloseWithError.
var releaseMethods = map[string]bool{"Close": true, "CloseNow": true, "CloseWithError": true}

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

// A borrower uses a resource passed to it without keeping or closing it.
type borrower struct {
	// Reads is the parameter whose io.EOF the call returns as its
	// error, counted from 1 (receiver not counted): a failure of the call
	// is then a read failure on the resource passed there, named as the
	// io.EOF return. 0 for none, including functions that read to io.EOF
	// and return nil there.
	Reads int
	// Derives reports whether the result is a reader or writer built on
	// the argument: it is borrowed too, and reads through it are reads
	// of the resource.
	Derives bool
}

// borrowers lists functions that only borrow the resources passed to them.
// io.Copy, io.CopyBuffer and io.ReadAll read to io.EOF and return a nil
// error there: their failure is never the peer's FIN, so they are not
// reads here (no Reads) and their error edge is an ordinary error return.
var borrowers = map[string]borrower{
	"io.Copy":                  {},
	"io.CopyN":                 {Reads: 2},
	"io.CopyBuffer":            {},
	"io.ReadAll":               {},
	"io.ReadFull":              {Reads: 1},
	"io.ReadAtLeast":           {Reads: 1},
	"io/ioutil.ReadAll":        {},
	"io.WriteString":           {},
	"io.LimitReader":           {Derives: true},
	"io.TeeReader":             {Derives: true},
	"io.NopCloser":             {Derives: true},
	"bufio.NewReader":          {Derives: true},
	"bufio.NewReaderSize":      {Derives: true},
	"bufio.NewWriter":          {Derives: true},
	"bufio.NewWriterSize":      {Derives: true},
	"bufio.NewScanner":         {Derives: true},
	"bufio.NewReadWriter":      {Derives: true},
	"(*bufio.Reader).Reset":    {},
	"(*bufio.Writer).Reset":    {},
	"encoding/json.NewDecoder": {Derives: true},
	"encoding/json.NewEncoder": {Derives: true},
	"encoding/gob.NewDecoder":  {Derives: true},
	"encoding/gob.NewEncoder":  {Derives: true},
	"encoding/xml.NewDecoder":  {Derives: true},
	"encoding/xml.NewEncoder":  {Derives: true},
	"encoding/csv.NewReader":   {Derives: true},
	"encoding/csv.NewWriter":   {Derives: true},
	"encoding/binary.Read":     {Reads: 1},
	"encoding/binary.Write":    {},
	// Decoders and encoders built on a reader or writer: their Close, if
	// they have one, does not close their source.
	"compress/gzip.NewReader":        {Derives: true},
	"compress/gzip.NewWriter":        {Derives: true},
	"compress/gzip.NewWriterLevel":   {Derives: true},
	"compress/zlib.NewReader":        {Derives: true},
	"compress/zlib.NewReaderDict":    {Derives: true},
	"compress/zlib.NewWriter":        {Derives: true},
	"compress/zlib.NewWriterLevel":   {Derives: true},
	"compress/flate.NewReader":       {Derives: true},
	"compress/flate.NewReaderDict":   {Derives: true},
	"compress/flate.NewWriter":       {Derives: true},
	"compress/bzip2.NewReader":       {Derives: true},
	"compress/lzw.NewReader":         {Derives: true},
	"encoding/base64.NewDecoder":     {Derives: true},
	"encoding/base64.NewEncoder":     {Derives: true},
	"encoding/base32.NewDecoder":     {Derives: true},
	"encoding/hex.NewDecoder":        {Derives: true},
	"encoding/ascii85.NewDecoder":    {Derives: true},
	"mime/multipart.NewReader":       {Derives: true},
	"archive/tar.NewReader":          {Derives: true},
	"net/textproto.NewReader":        {Derives: true},
	"net/textproto.NewWriter":        {Derives: true},
	"net/http.ReadRequest":           {Reads: 1},
	"net/http.ReadResponse":          {Reads: 1},
	"net/http/httputil.DumpResponse": {},
	"fmt.Fprint":                     {},
	"fmt.Fprintf":                    {},
	"fmt.Fprintln":                   {},
	"fmt.Fscan":                      {Reads: 1},
	"fmt.Fscanf":                     {Reads: 1},
	"fmt.Fscanln":                    {Reads: 1},
	"(*bytes.Buffer).ReadFrom":       {Reads: 1},
	"(*bytes.Buffer).WriteTo":        {},
	"(*strings.Reader).WriteTo":      {},
	"(*bytes.Reader).WriteTo":        {},
	"reflect.ValueOf":                {},
	"reflect.TypeOf":                 {},
	"errors.Is":                      {},
	"errors.As":                      {},
}

// errorConstructors return a new, non-nil error: returning one of their
// results is an error return.
var errorConstructors = map[string]bool{
	"errors.New": true,
	"fmt.Errorf": true,
}

// errorTests lists functions whose true result implies that the error
// passed as the given parameter is non-nil: errors.As and the os.Is…
// predicates are false for a nil error, and so is errors.Is unless its
// target is nil too. Testing an acquisition's error with one of them is
// testing its failure, as err != nil is. Same-package functions of that
// shape are recognised from their bodies (see engine.testedParam).
var errorTests = map[string]int{
	"errors.Is":       0,
	"errors.As":       0,
	"os.IsExist":      0,
	"os.IsNotExist":   0,
	"os.IsPermission": 0,
	"os.IsTimeout":    0,
}

// cleanupRegistrars run the function value passed as the given parameter
// when the test ends, like a deferred call.
var cleanupRegistrars = map[string]int{
	"(*testing.common).Cleanup": 0, // t.Cleanup, b.Cleanup, f.Cleanup: the method is testing.common's
	"(testing.TB).Cleanup":      0,
}

// readMethodNames are methods that read from their receiver, besides those
// named Read…: a failure of one on a resource (or a reader built on it)
// is where io.EOF, the peer's FIN, shows up.
var readMethodNames = map[string]bool{
	"Scan":    true,
	"Decode":  true,
	"Peek":    true,
	"Discard": true,
	"Token":   true,
}

// defaultExempt lists results that look like resources but need no Close,
// as documented by their packages: the handshake response of websocket
// dialers (its body is already consumed or replaced).
const defaultExempt = "(*github.com/gorilla/websocket.Dialer).Dial:1," +
	"(*github.com/gorilla/websocket.Dialer).DialContext:1," +
	"github.com/coder/websocket.Dial:1," +
	"nhooyr.io/websocket.Dial:1" // the default of -closewait.exempt

// resourceMethods are the methods of conns, listeners and bodies: an
// interface made only of these can hold a resource (io.Reader, io.Closer,
// net.Conn, …); one with other methods, or none, cannot usefully.
var resourceMethods = map[string]bool{
	"Read": true, "Write": true, "Close": true, "CloseRead": true, "CloseWrite": true,
	"LocalAddr": true, "RemoteAddr": true, "SetDeadline": true, "SetReadDeadline": true,
	"SetWriteDeadline": true, "Accept": true, "Addr": true, "ReadFrom": true, "WriteTo": true,
	"SyscallConn": true, "File": true,
}

// transportDialFields are the fields of net/http.Transport that set how
// it makes its connections.
var transportDialFields = map[string]bool{
	"Dial": true, "DialContext": true, "DialTLS": true, "DialTLSContext": true,
}

// The knowledge of the connreuse pass (connections made per request, the
// cause of TIME_WAIT storms), read through ReuseTable. Type keys are
// "path.Name" (pointers "*path.Name").

// reuseTransportType is the connection pool that a per-call value throws away.
const reuseTransportType = "net/http.Transport"

// reuseTransportMakers are the functions whose result is a fresh Transport.
var reuseTransportMakers = map[string]bool{
	"(*net/http.Transport).Clone": true,
}

// reuseSenders are the methods that send requests through their receiver: a
// Transport, or a value that holds one in its Transport field.
var reuseSenders = map[string]bool{
	"(*net/http.Transport).RoundTrip":             true,
	"(net/http.RoundTripper).RoundTrip":           true,
	"(*net/http.Client).Do":                       true,
	"(*net/http.Client).Get":                      true,
	"(*net/http.Client).Head":                     true,
	"(*net/http.Client).Post":                     true,
	"(*net/http.Client).PostForm":                 true,
	"(*net/http/httputil.ReverseProxy).ServeHTTP": true,
}

// reuseHarmless are the methods of a Transport or of its holder that neither
// send nor keep their receiver.
var reuseHarmless = map[string]bool{
	"(*net/http.Transport).CloseIdleConnections": true,
	"(*net/http.Transport).RegisterProtocol":     true,
	"(*net/http.Transport).Clone":                true,
	"(*net/http.Client).CloseIdleConnections":    true,
}

// reuseHolderTypes are the types whose Transport field routes their requests
// through the Transport stored there.
var reuseHolderTypes = map[string]bool{
	"net/http.Client":                true,
	"net/http/httputil.ReverseProxy": true,
}

// reuseHolderMakers return a fresh holder.
var reuseHolderMakers = map[string]bool{
	"net/http/httputil.NewSingleHostReverseProxy": true,
}

// reuseKeepAliveOff are the boolean fields that, set to true, make the side
// that sets them close every connection after one request.
var reuseKeepAliveOff = map[string]string{
	"net/http.Transport": "DisableKeepAlives",
	"net/http.Request":   "Close",
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

// reuseDrains are the functions that read the reader passed as the given
// parameter to EOF: a response body drained by one can go back to the
// Transport's pool. io.CopyN is bounded: it reuseDrains what it is told to.
var reuseDrains = map[string]int{
	"io.Copy":           1,
	"io.CopyN":          1,
	"io.CopyBuffer":     1,
	"io.ReadAll":        0,
	"io/ioutil.ReadAll": 0,
}

// reuseDrainLimit bounds the drain connreuse's fix inserts before a
// Close: at most this many bytes are read (io.CopyN), as net/http bounds
// its own drains (its server discards up to 256 KiB of an unread request
// body to keep the connection; its client 2 KiB of a redirect's body). A
// longer body, or an endless stream, is closed after that, not read
// forever. reuseDrainLimitExpr is the constant as the fix spells it.
const (
	reuseDrainLimit     = 256 << 10
	reuseDrainLimitExpr = "256<<10"
)

// reuseHeadRequesters return a response to a HEAD request, which has no body.
var reuseHeadRequesters = map[string]bool{
	"net/http.Head":           true,
	"(*net/http.Client).Head": true,
}

// reuseRequestMakers build a request whose method is the given parameter.
var reuseRequestMakers = map[string]int{
	"net/http.NewRequest":            0,
	"net/http.NewRequestWithContext": 1,
}

// reuseBodylessStatus are the status codes whose responses have no body.
var reuseBodylessStatus = map[int64]bool{204: true, 304: true}

// A reuseDialer opens a connection; Network and Addr are the indexes of its
// network and address parameters (receiver not counted).
type reuseDialer struct{ Network, Addr int }

// reuseDialers are the calls that open a new connection to an address.
var reuseDialers = map[string]reuseDialer{
	"net.Dial":                         {0, 1},
	"net.DialTimeout":                  {0, 1},
	"(*net.Dialer).Dial":               {0, 1},
	"(*net.Dialer).DialContext":        {1, 2},
	"crypto/tls.Dial":                  {0, 1},
	"crypto/tls.DialWithDialer":        {1, 2},
	"(*crypto/tls.Dialer).Dial":        {0, 1},
	"(*crypto/tls.Dialer).DialContext": {1, 2},
}

// reuseStreamNetworks are the networks whose connections end in TIME_WAIT.
var reuseStreamNetworks = map[string]bool{"tcp": true, "tcp4": true, "tcp6": true}

// reusePureFuncs compute their result from their arguments only: an address
// built by one from loop-invariant values is loop-invariant.
var reusePureFuncs = map[string]bool{
	"net.JoinHostPort": true,
	"fmt.Sprintf":      true,
	"fmt.Sprint":       true,
	"strconv.Itoa":     true,
}

// reuseDialerTypes are the dialers whose methods, stored in a Transport's Dial
// fields, open real connections: a per-call Transport dialing through any
// other function may never open a socket.
var reuseDialerTypes = map[string]bool{
	"*net.Dialer":        true,
	"*crypto/tls.Dialer": true,
}

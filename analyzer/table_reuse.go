package analyzer

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

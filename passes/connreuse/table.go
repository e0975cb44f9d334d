package connreuse

// This file holds connreuse's knowledge of the standard library as data.
// Function keys are types.Func.FullName() strings of the generic origin;
// type keys are "path.Name".

// transportType is the connection pool that a per-call value throws away.
const transportType = "net/http.Transport"

// transportMakers are the functions whose result is a fresh Transport.
var transportMakers = map[string]bool{
	"(*net/http.Transport).Clone": true,
}

// senders are the methods that send requests through their receiver: a
// Transport, or a value that holds one in its Transport field.
var senders = map[string]bool{
	"(*net/http.Transport).RoundTrip":             true,
	"(net/http.RoundTripper).RoundTrip":           true,
	"(*net/http.Client).Do":                       true,
	"(*net/http.Client).Get":                      true,
	"(*net/http.Client).Head":                     true,
	"(*net/http.Client).Post":                     true,
	"(*net/http.Client).PostForm":                 true,
	"(*net/http/httputil.ReverseProxy).ServeHTTP": true,
}

// harmless are the methods of a Transport or of its holder that neither
// send nor keep their receiver.
var harmless = map[string]bool{
	"(*net/http.Transport).CloseIdleConnections": true,
	"(*net/http.Transport).RegisterProtocol":     true,
	"(*net/http.Transport).Clone":                true,
	"(*net/http.Client).CloseIdleConnections":    true,
}

// holderTypes are the types whose Transport field routes their requests
// through the Transport stored there.
var holderTypes = map[string]bool{
	"net/http.Client":                true,
	"net/http/httputil.ReverseProxy": true,
}

// holderMakers return a fresh holder.
var holderMakers = map[string]bool{
	"net/http/httputil.NewSingleHostReverseProxy": true,
}

// keepAliveOff are the boolean fields that, set to true, make the side
// that sets them close every connection after one request.
var keepAliveOff = map[string]string{
	"net/http.Transport": "DisableKeepAlives",
	"net/http.Request":   "Close",
}

// drains are the functions that read the reader passed as the given
// parameter to EOF: a response body drained by one can go back to the
// Transport's pool. io.CopyN is bounded: it drains what it is told to.
var drains = map[string]int{
	"io.Copy":           1,
	"io.CopyN":          1,
	"io.CopyBuffer":     1,
	"io.ReadAll":        0,
	"io/ioutil.ReadAll": 0,
}

// headRequesters return a response to a HEAD request, which has no body.
var headRequesters = map[string]bool{
	"net/http.Head":           true,
	"(*net/http.Client).Head": true,
}

// requestMakers build a request whose method is the given parameter.
var requestMakers = map[string]int{
	"net/http.NewRequest":            0,
	"net/http.NewRequestWithContext": 1,
}

// bodylessStatus are the status codes whose responses have no body.
var bodylessStatus = map[int64]bool{204: true, 304: true}

// A dialer opens a connection; Network and Addr are the indexes of its
// network and address parameters (receiver not counted).
type dialer struct{ Network, Addr int }

// dialers are the calls that open a new connection to an address.
var dialers = map[string]dialer{
	"net.Dial":                         {0, 1},
	"net.DialTimeout":                  {0, 1},
	"(*net.Dialer).Dial":               {0, 1},
	"(*net.Dialer).DialContext":        {1, 2},
	"crypto/tls.Dial":                  {0, 1},
	"crypto/tls.DialWithDialer":        {1, 2},
	"(*crypto/tls.Dialer).Dial":        {0, 1},
	"(*crypto/tls.Dialer).DialContext": {1, 2},
}

// streamNetworks are the networks whose connections end in TIME_WAIT.
var streamNetworks = map[string]bool{"tcp": true, "tcp4": true, "tcp6": true}

// pureFuncs compute their result from their arguments only: an address
// built by one from loop-invariant values is loop-invariant.
var pureFuncs = map[string]bool{
	"net.JoinHostPort": true,
	"fmt.Sprintf":      true,
	"fmt.Sprint":       true,
	"strconv.Itoa":     true,
}

// dialerTypes are the dialers whose methods, stored in a Transport's Dial
// fields, open real connections: a per-call Transport dialing through any
// other function may never open a socket.
var dialerTypes = map[string]bool{
	"*net.Dialer":        true,
	"*crypto/tls.Dialer": true,
}

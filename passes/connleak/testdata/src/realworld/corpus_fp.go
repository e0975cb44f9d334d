package realworld

// False-positive patterns found on the corpus (testdata/corpus/TRIAGE.md),
// reduced. None of these functions leaks: every one must stay silent.

import (
	"net"
	"net/http"
)

// connectAction is an enum: its values are the declared constants.
type connectAction int

const (
	actionAccept connectAction = iota
	actionReject
	actionMitm
	actionHijack
)

type connectTodo struct {
	Action connectAction
	Hijack func(r *http.Request, c net.Conn)
	Banner string
}

// enumSwitchExhaustive hands the hijacked conn off in every case of a
// switch that covers every declared value of the enum: the only path
// that leaves c open is the implicit default, which no declared value
// takes. (github.com/elazarl/goproxy@v1.9.2/https.go:276, reduced.)
func enumSwitchExhaustive(w http.ResponseWriter, r *http.Request, todo *connectTodo) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	c, _, err := hj.Hijack()
	if err != nil {
		return
	}
	switch todo.Action {
	case actionAccept:
		go func() {
			defer c.Close()
			c.Write([]byte("HTTP/1.1 200 OK\r\n\r\n"))
		}()
	case actionReject:
		c.Close()
	case actionMitm:
		c.Close()
	case actionHijack:
		todo.Hijack(r, c)
	}
}

// enumSwitchSplit is the goproxy shape itself: a first switch returns on
// the values that need no conn, a second one hands the conn off on all
// the others, so together they cover every declared value.
func enumSwitchSplit(w http.ResponseWriter, r *http.Request, todo *connectTodo) {
	switch todo.Action {
	case actionReject:
		http.Error(w, "rejected", http.StatusForbidden)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	c, _, err := hj.Hijack()
	if err != nil {
		return
	}
	switch todo.Action {
	case actionAccept:
		go func() {
			defer c.Close()
			c.Write([]byte("HTTP/1.1 200 OK\r\n\r\n"))
		}()
	case actionMitm:
		c.Close()
	case actionHijack:
		todo.Hijack(r, c)
	}
}

// dnsConn wraps a conn by embedding it: its Close is the conn's.
type dnsConn struct {
	net.Conn
	UDPSize uint16
}

type dnsClient struct{ Dialer *net.Dialer }

// dial is a dial helper: it returns a fresh *dnsConn.
func (c *dnsClient) dial(address string) (conn *dnsConn, err error) {
	conn = new(dnsConn)
	conn.Conn, err = c.Dialer.Dial("tcp", address)
	if err != nil {
		return nil, err
	}
	conn.UDPSize = 512
	return conn, nil
}

// exchangeDeferred closes the helper's *dnsConn through the promoted
// Close of its embedded net.Conn, deferred: clean.
// (github.com/miekg/dns@v1.1.73/client.go:170 and :462, reduced.)
func (c *dnsClient) exchangeDeferred(address string) error {
	co, err := c.dial(address)
	if err != nil {
		return err
	}
	defer co.Close()
	_, err = co.Write([]byte("query"))
	return err
}

// exchangeDirect is exchangeDeferred with a direct promoted Close.
func (c *dnsClient) exchangeDirect(address string) error {
	co, err := c.dial(address)
	if err != nil {
		return err
	}
	_, err = co.Write([]byte("query"))
	co.Close()
	return err
}

type connectHandler interface {
	HandleConnect(host string) *connectTodo
}

var okConnect = &connectTodo{Action: actionAccept}

// enumSwitchCaptured is enumSwitchSplit with the enum's holder, todo,
// captured by a closure (a heap cell): the two switches read todo.Action
// through two loads of the cell, still the same tag. This is goproxy's
// exact shape (mitmWork reads todo.TLSConfig), which enumSwitchSplit
// alone does not catch. (github.com/elazarl/goproxy@v1.9.2/https.go:276.)
func enumSwitchCaptured(w http.ResponseWriter, r *http.Request, handlers []connectHandler) {
	todo := okConnect
	for _, h := range handlers {
		if t := h.HandleConnect(r.Host); t != nil {
			todo = t
			break
		}
	}
	switch todo.Action {
	case actionReject:
		http.Error(w, "rejected", http.StatusForbidden)
		return
	}
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	c, _, err := hj.Hijack()
	if err != nil {
		return
	}
	switch todo.Action {
	case actionAccept:
		go func() {
			defer c.Close()
			c.Write([]byte("HTTP/1.1 200 OK\r\n\r\n"))
		}()
	case actionMitm:
		work := func() {
			defer c.Close()
			c.Write([]byte(todo.Banner))
		}
		go work()
	case actionHijack:
		todo.Hijack(r, c)
	}
}

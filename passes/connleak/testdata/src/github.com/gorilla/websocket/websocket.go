// Package websocket stands for github.com/gorilla/websocket: conns over a
// dialled or hijacked TCP conn.
package websocket

import (
	"io"
	"net/http"
)

// A Conn is a websocket connection.
type Conn struct{ err error }

// Close closes the underlying network connection.
func (c *Conn) Close() error { return nil }

// ReadMessage reads the next message.
func (c *Conn) ReadMessage() (int, []byte, error) { return 0, nil, nil }

// NextReader returns a reader of the next message.
func (c *Conn) NextReader() (int, io.Reader, error) { return 0, nil, c.err }

// An Upgrader upgrades HTTP requests to websocket conns.
type Upgrader struct{}

// Upgrade hijacks the request's conn.
func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request, h http.Header) (*Conn, error) {
	return &Conn{}, nil
}

// A Dialer dials websocket servers.
type Dialer struct{}

// Dial dials url and upgrades the conn: it returns a conn only with the
// server's 101 Switching Protocols response.
func (d *Dialer) Dial(url string, h http.Header) (*Conn, *http.Response, error) {
	return &Conn{}, &http.Response{StatusCode: http.StatusSwitchingProtocols}, nil
}

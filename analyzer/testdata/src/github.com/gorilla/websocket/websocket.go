// Package websocket is a stand-in for github.com/gorilla/websocket: its
// Dialer returns the handshake response, which needs no Close.
package websocket

import (
	"context"
	"net"
	"net/http"
)

type Conn struct{ c net.Conn }

func (c *Conn) Close() error { return c.c.Close() }

type Dialer struct{ Client *http.Client }

// DialContext returns the handshake response as its second result.
func (d *Dialer) DialContext(ctx context.Context, url string, h http.Header) (*Conn, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := d.Client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	return &Conn{}, resp, nil
}

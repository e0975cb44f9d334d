// Package websocket is a stand-in for nhooyr.io/websocket: its Dial
// returns the handshake response, which needs no Close, beside a conn it
// does not know how to make (so the response is the only fresh result).
package websocket

import (
	"context"
	"net/http"
)

// A Conn is a websocket connection.
type Conn struct{}

// Close closes the conn.
func (c *Conn) Close() error { return nil }

// DialOptions configures Dial.
type DialOptions struct{ HTTPClient *http.Client }

// Dial returns the handshake response as its second result.
func Dial(ctx context.Context, url string, opts *DialOptions) (*Conn, *http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return nil, nil, err
	}
	resp, err := opts.HTTPClient.Do(req)
	if err != nil {
		return nil, nil, err
	}
	return &Conn{}, resp, nil
}

package wsuser

import (
	"context"

	"nhooyr.io/websocket"
)

// handshakeIgnored drops the handshake response: exempt by default.
func handshakeIgnored(url string, opts *websocket.DialOptions) error {
	c, resp, err := websocket.Dial(context.Background(), url, opts)
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return c.Close()
}

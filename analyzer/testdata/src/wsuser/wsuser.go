package wsuser

import (
	"context"

	"github.com/gorilla/websocket"
)

// handshakeIgnored drops the handshake response: exempt by default.
func handshakeIgnored(d *websocket.Dialer, url string) error {
	c, resp, err := d.DialContext(context.Background(), url, nil)
	if err != nil {
		return err
	}
	_ = resp.StatusCode
	return c.Close()
}

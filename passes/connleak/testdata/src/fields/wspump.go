package fields

import (
	"net/http"

	"github.com/gorilla/websocket"
)

// wsClient keeps the websocket conn a handler upgraded only in a field
// no code of the package closes (a *websocket.Conn has no Read method: it
// is a conn because the upgrader returns one); its read pump runs as a
// goroutine.
type wsClient struct {
	conn *websocket.Conn
	hub  chan *wsClient
}

func (c *wsClient) readPump() { // want `\*websocket\.Conn c\.conn is not closed on the io\.EOF return at line 22: readPump runs as the goroutine started at line 36, and no code of the package closes field conn`
	defer func() { c.hub <- c }()
	for {
		if _, _, err := c.conn.NextReader(); err != nil {
			return
		}
	}
}

var upgrader websocket.Upgrader

func serveWs(hub chan *wsClient, w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &wsClient{conn: conn, hub: hub}
	hub <- c
	go c.readPump()
}

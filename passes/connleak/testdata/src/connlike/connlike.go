// Package connlike holds connection-like values that hold sockets until
// they are closed: QUIC conns and websocket conns.
package connlike

import (
	"context"
	"errors"
	"net/http"

	"github.com/gorilla/websocket"
	"github.com/quic-go/quic-go"
)

// open drops the QUIC conn when the stream cannot be opened.
func open(ctx context.Context, addr string) (*quic.Conn, error) {
	conn, err := quic.DialAddr(ctx, addr, nil, nil) // want `\*quic\.Conn conn from quic\.DialAddr is not closed on the error return at line 21`
	if err != nil {
		return nil, err
	}
	if _, err := conn.OpenStream(); err != nil {
		return nil, err
	}
	return conn, nil
}

// openClean closes it with CloseWithError: clean.
func openClean(ctx context.Context, addr string) (*quic.Conn, error) {
	conn, err := quic.DialAddr(ctx, addr, nil, nil)
	if err != nil {
		return nil, err
	}
	if _, err := conn.OpenStream(); err != nil {
		conn.CloseWithError(0, "no stream")
		return nil, err
	}
	return conn, nil
}

var upgrader websocket.Upgrader

// serveWS returns on the first message without closing the websocket
// conn, which holds the hijacked TCP conn.
func serveWS(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil) // want `\*websocket\.Conn c from upgrader\.Upgrade is not closed on the io\.EOF return at line 49`
	if err != nil {
		return
	}
	if _, _, err := c.ReadMessage(); err != nil {
		return
	}
	c.Close()
}

// serveWSClean defers Close: clean.
func serveWSClean(w http.ResponseWriter, r *http.Request) error {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return err
	}
	defer c.Close()
	if _, _, err := c.ReadMessage(); err != nil {
		return errors.New("read")
	}
	return nil
}

// serveQUIC hands each accepted QUIC conn to handleQUIC, which never
// closes it: an accepted conn shares the listener's UDP socket and closes
// itself when idle, so dropping it leaks no fd. Clean.
func serveQUIC(ln *quic.Listener) error {
	for {
		conn, err := ln.Accept(context.Background())
		if err != nil {
			return err
		}
		go handleQUIC(conn)
	}
}

func handleQUIC(conn *quic.Conn) {
	for {
		if _, err := conn.AcceptStream(context.Background()); err != nil {
			return
		}
	}
}

// dialWS re-checks the status the dial guarantees on success: that return
// holds no conn (clean).
func dialWS(d *websocket.Dialer, url string) (*websocket.Conn, error) {
	conn, resp, err := d.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, errors.New("wrong status")
	}
	return conn, nil
}

// dialWSGreet returns on a failed greeting without closing the conn.
func dialWSGreet(d *websocket.Dialer, url string) (*websocket.Conn, error) {
	conn, resp, err := d.Dial(url, nil) // want `\*websocket\.Conn conn from d\.Dial is not closed on the io\.EOF return at line 111`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, errors.New("wrong status")
	}
	if _, _, err := conn.ReadMessage(); err != nil {
		return nil, err
	}
	return conn, nil
}

// dialWSRefused reads the refusal of a failed handshake before looking
// at the error (mautrix's appservice websocket): where the status is 400
// or more the dial failed and returned no conn (clean there); the later
// greeting failure leaks it.
func dialWSRefused(d *websocket.Dialer, url string) (*websocket.Conn, error) {
	conn, resp, err := d.Dial(url, nil) // want `\*websocket\.Conn conn from d\.Dial is not closed on the io\.EOF return at line 128`
	if resp != nil && resp.StatusCode >= 400 {
		return nil, errors.New("websocket request refused: " + resp.Status)
	} else if err != nil {
		return nil, err
	}
	if _, _, err := conn.ReadMessage(); err != nil {
		return nil, err
	}
	return conn, nil
}

// dialWSRefusedLate tests the status only after the greeting: the
// greeting's failure still leaks the conn, and 299 < status is no conn.
func dialWSRefusedLate(d *websocket.Dialer, url string) (*websocket.Conn, error) {
	conn, resp, err := d.Dial(url, nil) // want `\*websocket\.Conn conn from d\.Dial is not closed on the io\.EOF return at line 144`
	if err != nil {
		if resp != nil && 299 < resp.StatusCode {
			return nil, errors.New("refused: " + resp.Status)
		}
		return nil, err
	}
	if _, _, err := conn.ReadMessage(); err != nil {
		return nil, err
	}
	return conn, nil
}

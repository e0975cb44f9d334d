package ownership

import (
	"context"
	"errors"
	"net"
	"net/url"
)

// openForward closes the tunnel conn when the backend cannot be dialled,
// and returns without it when the URL has no port: its one caller closes
// the tunnel conn whenever it fails (ngrok's openBackend): clean.
func openForward(ctx context.Context, tunnel net.Conn, u *url.URL) (net.Conn, error) {
	if u.Port() == "" {
		return nil, errors.New("no default port")
	}
	var d net.Dialer
	backend, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		defer tunnel.Close()
		return nil, err
	}
	return backend, nil
}

func forwardOne(ctx context.Context, tunnel net.Conn, u *url.URL) {
	backend, err := openForward(ctx, tunnel, u)
	if err != nil {
		defer tunnel.Close()
		return
	}
	defer backend.Close()
	defer tunnel.Close()
}

// openRelay is openForward again, but its caller closes the tunnel conn
// only once the relay is open: the early return leaks it.
func openRelay(ctx context.Context, tunnel net.Conn, u *url.URL) (net.Conn, error) { // want `Conn parameter tunnel is not closed on the error return at line \d+`
	if u.Port() == "" {
		return nil, errors.New("no default port")
	}
	var d net.Dialer
	backend, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		defer tunnel.Close()
		return nil, err
	}
	return backend, nil
}

func relayOne(ctx context.Context, tunnel net.Conn, u *url.URL) error {
	backend, err := openRelay(ctx, tunnel, u)
	if err != nil {
		return err
	}
	defer backend.Close()
	defer tunnel.Close()
	return nil
}

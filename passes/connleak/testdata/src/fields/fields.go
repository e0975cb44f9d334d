// Package fields holds conns that live only in a field of their owner's
// receiver: a method dials into c.conn, a later step fails, and the
// method returns an error with the conn in the field.
package fields

import (
	"errors"
	"net"
	"strconv"
)

type client struct {
	addr string
	conn net.Conn
}

func (c *client) auth() error {
	if _, err := c.conn.Write([]byte("AUTH")); err != nil {
		return err
	}
	return nil
}

func (c *client) Close() error { return c.conn.Close() }

// connect parks the conn in c.conn; when auth fails, newClient drops c
// and the conn with it.
func (c *client) connect() error {
	var err error
	c.conn, err = net.Dial("tcp", c.addr) // want `net\.Conn c\.conn from net\.Dial is not closed on the error return at line 35, after which newClient drops the receiver holding it`
	if err != nil {
		return err
	}
	if err := c.auth(); err != nil {
		return err
	}
	return nil
}

func newClient(addr string) (*client, error) {
	c := &client{addr: addr}
	if err := c.connect(); err != nil {
		return nil, err
	}
	return c, nil
}

type closingClient struct {
	addr string
	conn net.Conn
}

func (c *closingClient) auth() error {
	_, err := c.conn.Write([]byte("AUTH"))
	return err
}

func (c *closingClient) Close() error { return c.conn.Close() }

// connect leaves the conn in c.conn on failure, but its caller closes c
// then: clean.
func (c *closingClient) connect() error {
	var err error
	c.conn, err = net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	return c.auth()
}

func newClosingClient(addr string) (*closingClient, error) {
	c := &closingClient{addr: addr}
	if err := c.connect(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

type selfClosing struct {
	addr string
	conn net.Conn
}

// connect closes c.conn itself when the greeting fails: clean.
func (c *selfClosing) connect() error {
	var err error
	c.conn, err = net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	if _, err := c.conn.Write([]byte("HELO")); err != nil {
		c.conn.Close()
		return err
	}
	return nil
}

func newSelfClosing(addr string) (*selfClosing, error) {
	c := &selfClosing{addr: addr}
	if err := c.connect(); err != nil {
		return nil, err
	}
	return c, nil
}

type reconnecting struct {
	addr string
	conn net.Conn
}

// connect leaves the conn in c.conn when the greeting fails; its only
// caller is a method of the same long-lived receiver, which keeps it
// (and may close it later): silent.
func (c *reconnecting) connect() error {
	var err error
	c.conn, err = net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	if _, err := c.conn.Write([]byte("HELO")); err != nil {
		return err
	}
	return nil
}

func (c *reconnecting) run() error {
	for i := 0; i < 3; i++ {
		if err := c.connect(); err == nil {
			return nil
		}
	}
	return errors.New("gave up")
}

var registry []*kept

type kept struct {
	addr string
	conn net.Conn
}

// connect leaves the conn in c.conn on failure; its caller registered c
// before the call, so c stays reachable: silent.
func (c *kept) connect() error {
	var err error
	c.conn, err = net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	if _, err := c.conn.Write([]byte("HELO")); err != nil {
		return err
	}
	return nil
}

func newKept(addr string) (*kept, error) {
	c := &kept{addr: addr}
	registry = append(registry, c)
	if err := c.connect(); err != nil {
		return nil, err
	}
	return c, nil
}

type relay struct {
	uc, uc4, uc6 *net.UDPConn
}

// listenOn closes the receiver's old socket, not the new one, on its error
// returns: the new one is stored in r.uc only after both checks pass.
func (r *relay) listenOn(port int) (int, error) {
	uc, err := net.ListenUDP("udp4", &net.UDPAddr{Port: port}) // want `\*net\.UDPConn uc from net\.ListenUDP is not closed on the error return at line 180 and on 1 other path`
	if err != nil {
		return 0, err
	}
	_, p, err := net.SplitHostPort(uc.LocalAddr().String())
	if err != nil {
		r.uc.Close()
		return 0, err
	}
	n, err := strconv.Atoi(p)
	if err != nil {
		r.uc.Close()
		return 0, err
	}
	r.uc = uc
	return n, nil
}

// listenBoth parks each iteration's socket in a field of the receiver
// before the next one is bound: the loop overwrites no open socket. Clean.
func (r *relay) listenBoth(port int) error {
	for _, network := range []string{"udp4", "udp6"} {
		uc, err := net.ListenUDP(network, &net.UDPAddr{Port: port})
		if err != nil {
			return err
		}
		if network == "udp4" {
			r.uc4 = uc
		} else {
			r.uc6 = uc
		}
	}
	return nil
}

type cachedWriter struct {
	conn net.Conn
}

// ensure dials once and caches the conn in w.conn, which w.Close closes:
// what it returns is borrowed.
func (w *cachedWriter) ensure() (net.Conn, error) {
	if w.conn != nil {
		return w.conn, nil
	}
	c, err := net.Dial("unixgram", "/run/statsd.sock")
	if err != nil {
		return nil, err
	}
	w.conn = c
	return c, nil
}

// write returns the write's error with the cached conn open: clean.
func (w *cachedWriter) write(b []byte) (int, error) {
	c, err := w.ensure()
	if err != nil {
		return 0, err
	}
	n, err := c.Write(b)
	if err != nil {
		return n, err
	}
	return n, nil
}

func (w *cachedWriter) Close() error { return w.conn.Close() }

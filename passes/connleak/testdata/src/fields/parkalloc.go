package fields

import (
	"bufio"
	"errors"
	"net"
)

// allocClient's dial helper parks a fresh conn in c.conn and returns nil;
// its constructors call it on a struct they allocated, so from that
// call's success on the struct holds the conn.
type allocClient struct {
	addr string
	conn net.Conn
	r    *bufio.Reader
	reg  []*allocClient
}

func (c *allocClient) dialTCP() error {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	c.conn = conn
	c.r = bufio.NewReader(conn)
	return nil
}

func (c *allocClient) handshake() error {
	if _, err := c.conn.Write([]byte("hello\n")); err != nil {
		return err
	}
	line, err := c.r.ReadString('\n')
	if err != nil {
		return err
	}
	if line != "ok\n" {
		return errors.New("refused")
	}
	return nil
}

func (c *allocClient) Close() error { return c.conn.Close() }

// newAllocClient drops the struct, and the conn in it, when the
// handshake fails.
func newAllocClient(addr string) (*allocClient, error) {
	c := &allocClient{addr: addr}
	if err := c.dialTCP(); err != nil { // want `net\.Conn c\.conn from c\.dialTCP is not closed on the error return at line 53`
		return nil, err
	}
	if err := c.handshake(); err != nil {
		return nil, err
	}
	return c, nil
}

// Clean twins: each closes, returns or keeps the struct on failure.

func newAllocClientCloses(addr string) (*allocClient, error) {
	c := &allocClient{addr: addr}
	if err := c.dialTCP(); err != nil {
		return nil, err
	}
	if err := c.handshake(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

func newAllocClientClosesField(addr string) (*allocClient, error) {
	c := &allocClient{addr: addr}
	if err := c.dialTCP(); err != nil {
		return nil, err
	}
	if err := c.handshake(); err != nil {
		c.conn.Close()
		return nil, err
	}
	return c, nil
}

func newAllocClientDefer(addr string) (_ *allocClient, err error) {
	c := &allocClient{addr: addr}
	if err := c.dialTCP(); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	if err := c.handshake(); err != nil {
		return nil, err
	}
	return c, nil
}

// A struct an earlier call may have kept is not followed: the registry
// still reaches it.
func newAllocClientRegistered(reg *allocClient, addr string) error {
	c := &allocClient{addr: addr}
	reg.reg = append(reg.reg, c)
	if err := c.dialTCP(); err != nil {
		return err
	}
	return c.handshake()
}

// newAllocClient2 returns the struct dialTCP parked a conn in, fresh: its
// callers own it.
func newAllocClient2(addr string) (*allocClient, error) {
	c := &allocClient{addr: addr}
	return c, c.dialTCP()
}

func useAllocClient(addr string) error {
	c, err := newAllocClient2(addr) // want `\*allocClient c from newAllocClient2 is not closed on the error return at line 124`
	if err != nil {
		return err
	}
	if err := c.handshake(); err != nil {
		return err
	}
	return c.Close()
}

func useAllocClientCloses(addr string) error {
	c, err := newAllocClient2(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.handshake()
}

package fields

import (
	"errors"
	"net"
)

// helperClient dials into its conn field through a helper method; a
// later step of connect fails, and the constructor drops the client.
type helperClient struct {
	addr string
	conn net.Conn
}

func (c *helperClient) dial() error {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	c.conn = conn
	return nil
}

func (c *helperClient) hello() error {
	_, err := c.conn.Write([]byte("hello"))
	return err
}

func (c *helperClient) connect() error {
	if err := c.dial(); err != nil { // want `net\.Conn c\.conn from c\.dial is not closed on the error return at line 34, after which newHelperClient drops the receiver holding it`
		return err
	}
	if err := c.hello(); err != nil {
		return err
	}
	return nil
}

func newHelperClient(addr string) (*helperClient, error) {
	c := &helperClient{addr: addr}
	if err := c.connect(); err != nil {
		return nil, errors.New("connect: " + err.Error())
	}
	return c, nil
}

// tidyHelperClient closes what dial parked when hello fails: clean.
type tidyHelperClient struct {
	addr string
	conn net.Conn
}

func (c *tidyHelperClient) dial() error {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	c.conn = conn
	return nil
}

func (c *tidyHelperClient) Close() error { return c.conn.Close() }

func (c *tidyHelperClient) connect() error {
	if err := c.dial(); err != nil {
		return err
	}
	if _, err := c.conn.Write([]byte("hello")); err != nil {
		c.Close()
		return err
	}
	return nil
}

func newTidyHelperClient(addr string) (*tidyHelperClient, error) {
	c := &tidyHelperClient{addr: addr}
	if err := c.connect(); err != nil {
		return nil, err
	}
	return c, nil
}

// keptHelperClient's constructor closes the client when connect fails:
// clean.
type keptHelperClient struct {
	addr string
	conn net.Conn
}

func (c *keptHelperClient) dial() error {
	conn, err := net.Dial("tcp", c.addr)
	if err != nil {
		return err
	}
	c.conn = conn
	return nil
}

func (c *keptHelperClient) connect() error {
	if err := c.dial(); err != nil {
		return err
	}
	if _, err := c.conn.Write([]byte("hello")); err != nil {
		return err
	}
	return nil
}

func (c *keptHelperClient) Close() error {
	if c.conn == nil {
		return nil
	}
	return c.conn.Close()
}

func newKeptHelperClient(addr string) (*keptHelperClient, error) {
	c := &keptHelperClient{addr: addr}
	if err := c.connect(); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}

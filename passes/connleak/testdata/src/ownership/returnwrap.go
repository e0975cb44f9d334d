package ownership

import (
	"bufio"
	"errors"
	"net"
)

// A textClient owns its conn: its Close closes it.
type textClient struct {
	conn net.Conn
	r    *bufio.Reader
}

func (c *textClient) Close() error { return c.conn.Close() }

// newTextClient reads the server's greeting; on failure it returns an
// error and leaves the conn to its caller (net/smtp's NewClient closes it
// there; this one does not).
func newTextClient(conn net.Conn) (*textClient, error) {
	r := bufio.NewReader(conn)
	line, err := r.ReadString('\n')
	if err != nil {
		return nil, err
	}
	if len(line) < 3 || line[:3] != "220" {
		return nil, errors.New("bad greeting")
	}
	return &textClient{conn: conn, r: r}, nil
}

// dialText returns what newTextClient returns: on its failure the dialed
// conn is dropped open (sarama's NewClusterAdmin, before its fix).
func dialText(addr string) (*textClient, error) {
	conn, err := net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line 39`
	if err != nil {
		return nil, err
	}
	return newTextClient(conn)
}

// dialTextClean closes it when newTextClient fails: clean.
func dialTextClean(addr string) (*textClient, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, err := newTextClient(conn)
	if err != nil {
		conn.Close()
		return nil, err
	}
	return c, nil
}

// dialTextChecked tests the error first: the same leak, the usual way.
func dialTextChecked(addr string) (*textClient, error) {
	conn, err := net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line 64`
	if err != nil {
		return nil, err
	}
	c, err := newTextClient(conn)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// dialTextTested tests the error before returning both results: the
// failure branch closes conn (clean).
func dialTextTested(addr string) (*textClient, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	c, err := newTextClient(conn)
	if err != nil {
		conn.Close()
	}
	return c, err
}

// A checkedClient refuses a conn it finds closed: its only failure
// leaves nothing open.
type checkedClient struct{ conn net.Conn }

func newCheckedClient(conn net.Conn, closed func() bool) (*checkedClient, error) {
	if closed() {
		return nil, errors.New("closed")
	}
	return &checkedClient{conn: conn}, nil
}

func (c *checkedClient) Close() error { return c.conn.Close() }

// dialChecked returns what newCheckedClient returns; newCheckedClient
// fails without leaving conn open only if closed says so, which this
// function cannot know: it fails leaving conn open (reported).
func dialChecked(addr string, closed func() bool) (*checkedClient, error) {
	conn, err := net.Dial("tcp", addr) // want `net\.Conn conn from net\.Dial is not closed on the error return at line 104`
	if err != nil {
		return nil, err
	}
	return newCheckedClient(conn, closed)
}

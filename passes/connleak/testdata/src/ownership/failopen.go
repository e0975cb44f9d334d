package ownership

import (
	"errors"
	"io"
	"net"
)

var keptWriters []io.Writer

// writeHeader keeps w once the header is valid, but it takes an
// io.Writer: it cannot close the conn behind it, so it only borrows it
// ((*http.Request).Write in goproxy's CONNECT dialers).
func writeHeader(w io.Writer, h string) error {
	if h == "" {
		return errors.New("empty header")
	}
	keptWriters = append(keptWriters, w)
	return nil
}

// dialAndWrite ignores writeHeader's error and drops c when the read
// fails.
func dialAndWrite(addr string) (net.Conn, error) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return nil, err
	}
	_ = writeHeader(c, "CONNECT")
	buf := make([]byte, 1)
	if _, err := c.Read(buf); err != nil {
		return nil, err
	}
	return c, nil
}

var keptConns []net.Conn

// keepConn keeps c once the header is valid.
func keepConn(c net.Conn, h string) error {
	if h == "" {
		return errors.New("empty header")
	}
	keptConns = append(keptConns, c)
	return nil
}

// dialAndKeepIgnored ignores keepConn's error: it never sees whether
// keepConn took c (silent).
func dialAndKeepIgnored(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	_ = keepConn(c, "x")
	return errors.New("done")
}

// dialAndKeep returns keepConn's failure with c open.
func dialAndKeep(addr, h string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	return keepConn(c, h)
}

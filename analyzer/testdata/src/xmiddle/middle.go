// Package xmiddle wraps xupstream: its facts are built from xupstream's.
package xmiddle

import (
	"net"

	"xupstream"
)

// Connect passes the fresh conn of xupstream.Dial through.
func Connect(addr string) (net.Conn, error) {
	return xupstream.Dial(addr)
}

// Finish closes c through xupstream.
func Finish(c net.Conn) {
	xupstream.CloseQuietly(c)
}

// probe dials through the helper and returns on a read error without
// closing: the leak is here, in the middle package.
func probe(addr string) error {
	c, err := xupstream.Dial(addr) // want `net\.Conn c from xupstream\.Dial is not closed on the io\.EOF return`
	if err != nil {
		return err
	}
	buf := make([]byte, 1)
	if _, err := c.Read(buf); err != nil {
		return err
	}
	xupstream.CloseQuietly(c)
	return nil
}

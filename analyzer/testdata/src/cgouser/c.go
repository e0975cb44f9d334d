// Package cgouser uses cgo: go vet and go/packages analyse cmd/cgo's
// translation of this file, which says it is generated; its leaks are
// still the user's, reported here through its //line directives.
package cgouser

// #include <stdlib.h>
import "C"

import "net"

// leak drops c when the write fails.
func leak(addr string) error {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the error return`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return err
	}
	C.free(nil)
	return c.Close()
}

package listenerleak

import (
	"net"
	"reflect"
)

// main is not main.main, since this is not package main: the listener it
// leaves open is a leak. (Twin of mainexit.main.)
func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // want `net\.Listener ln from net\.Listen is not closed on the return`
	if err != nil {
		return
	}
	_ = ln.Addr()
}

// tlsConfigOf looks into a listener by reflection: it only borrows it.
func tlsConfigOf(ln net.Listener) bool {
	return reflect.ValueOf(ln).Kind() == reflect.Ptr
}

// listenInspected drops the listener when the hook fails, after a helper
// looked into it by reflection (fiber's Listen).
func listenInspected(addr string, hook func() error) error {
	ln, err := net.Listen("tcp", addr) // want `net\.Listener ln from net\.Listen is not closed on the error return`
	if err != nil {
		return err
	}
	_ = tlsConfigOf(ln)
	if err := hook(); err != nil {
		return err
	}
	return ln.Close()
}

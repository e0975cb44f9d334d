package paths

import "net"

// mustDial returns a fresh conn with no error result.
func mustDial(addr string) net.Conn {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	return c
}

// noErrorResult leaks a conn acquired from a helper without an error
// result: there is no error check to place a fix after.
func noErrorResult(addr string) {
	c := mustDial(addr) // want `net\.Conn c from mustDial is not closed on the return`
	c.Write([]byte("x"))
}

package gen

import "net"

// leakUser leaks in the user's file next to it: reported.
func leakUser(addr string) {
	c, err := net.Dial("tcp", addr) // want `net\.Conn c from net\.Dial is not closed on the return`
	if err != nil {
		return
	}
	c.Write([]byte("x"))
}

package adopt

import "net"

// twice opens a connection in each branch, on identical lines, and
// closes neither.
func twice(a, b string) {
	if a != "" {
		c, _ := net.Dial("tcp", a) // LEAK(connleak)
		c.Write(nil)
	}
	if b != "" {
		c, _ := net.Dial("tcp", b) // LEAK(connleak)
		c.Write(nil)
	}
}

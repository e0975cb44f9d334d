package kinds

import "net"

// sendFD is implemented outside Go (assembly or linkname): it has no body
// to summarise, so handing c to it is a transfer and the caller is silent.
func sendFD(c net.Conn) error

// handToBodyless passes c to a function without a body: clean.
func handToBodyless(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	return sendFD(c)
}

package paths

import "net"

// dialAll keeps each conn in conns; when a later Dial fails, the earlier
// ones are dropped open.
func dialAll(addrs []string) ([]net.Conn, error) {
	var conns []net.Conn
	for _, a := range addrs {
		c, err := net.Dial("tcp", a) // want `net\.Conn c from net\.Dial, kept in conns with the others the loop opened, is not closed on the error return at line 12`
		if err != nil {
			return nil, err
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// dialAllClosed closes the earlier ones first (silent).
func dialAllClosed(addrs []string) ([]net.Conn, error) {
	var conns []net.Conn
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			for _, o := range conns {
				o.Close()
			}
			return nil, err
		}
		conns = append(conns, c)
	}
	return conns, nil
}

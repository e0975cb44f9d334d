package connreuse

import "net"

// ignoredWithoutReason is not silenced: a //closewait:ignore directive
// must give a reason (ignorecheck reports it; this pass reports the code).
func ignoredWithoutReason(addrs []string) {
	for _, a := range addrs {
		c, err := net.Dial("tcp", a)
		if err != nil {
			continue
		}
		//closewait:ignore
		defer c.Close() // want `defer c\.Close\(\) in a loop`
	}
}

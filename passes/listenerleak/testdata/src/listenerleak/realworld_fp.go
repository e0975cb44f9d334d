package listenerleak

import "net"

// main is not main.main, since this is not package main: the listener it
// leaves open is a leak. (Twin of mainexit.main.)
func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:0") // want `net\.Listener ln from net\.Listen is not closed on the return at line 13`
	if err != nil {
		return
	}
	_ = ln.Addr()
}

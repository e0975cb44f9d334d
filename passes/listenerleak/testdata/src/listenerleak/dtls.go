package listenerleak

import (
	"log"
	"net"

	"github.com/pion/dtls/v2"
)

// collectDTLS accepts one DTLS session and serves it until stop, but
// never closes the DTLS listener and its UDP socket (go-ipfix's
// collector).
func collectDTLS(addr *net.UDPAddr, stop <-chan struct{}) {
	ln, err := dtls.Listen("udp", addr, &dtls.Config{}) // want `net\.Listener ln from dtls\.Listen is not closed`
	if err != nil {
		log.Print(err)
		return
	}
	c, err := ln.Accept()
	if err != nil {
		log.Print(err)
		return
	}
	defer c.Close()
	<-stop
}

// collectDTLSClosed closes the listener when it returns: clean.
func collectDTLSClosed(addr *net.UDPAddr, stop <-chan struct{}) {
	ln, err := dtls.Listen("udp", addr, &dtls.Config{})
	if err != nil {
		log.Print(err)
		return
	}
	defer ln.Close()
	c, err := ln.Accept()
	if err != nil {
		log.Print(err)
		return
	}
	defer c.Close()
	<-stop
}

package kinds

import (
	"net"

	"golang.org/x/net/ipv4"
)

// setOptions only borrows the conn through a socket-option wrapper.
func setOptions(u *net.UDPConn) error {
	return ipv4.NewPacketConn(u).SetControlMessage(true)
}

// listenWithOptions drops the UDP conn when its options cannot be set
// (miekg/dns's ListenAndServe).
func listenWithOptions(addr *net.UDPAddr) (*net.UDPConn, error) {
	u, err := net.ListenUDP("udp", addr) // want `\*net\.UDPConn u from net\.ListenUDP is not closed on the error return.* \(its fd and port leak`
	if err != nil {
		return nil, err
	}
	if err := setOptions(u); err != nil {
		return nil, err
	}
	return u, nil
}

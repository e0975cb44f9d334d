package kinds

import (
	"errors"
	"net"
	"os"
	"syscall"
)

// udpFromFile asserts the type of a socket the program made itself (the
// dhcp servers' "incorrect socket type" return): clean.
func udpFromFile() (*net.UDPConn, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM, syscall.IPPROTO_UDP)
	if err != nil {
		return nil, err
	}
	f := os.NewFile(uintptr(fd), "udp")
	defer f.Close()
	conn, err := net.FilePacketConn(f)
	if err != nil {
		return nil, err
	}
	udp, ok := conn.(*net.UDPConn)
	if !ok {
		return nil, errors.New("BUG: incorrect socket type, expected UDP")
	}
	return udp, nil
}

// acceptedTCP asserts the type of a conn that a listener it was given
// accepted: any listener (a TLS one) may return another type, and the
// failure return leaves that conn open.
func acceptedTCP(ln net.Listener) (*net.TCPConn, error) {
	c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return at line \d+`
	if err != nil {
		return nil, err
	}
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return nil, errors.New("not TCP")
	}
	return tc, nil
}

// udpFromInherited asserts the type of an inherited socket (a parameter's
// file), which may be of any type: the failure return leaks it.
func udpFromInherited(f *os.File) (*net.UDPConn, error) {
	conn, err := net.FilePacketConn(f) // want `net\.PacketConn conn from net\.FilePacketConn is not closed on the error return at line \d+`
	if err != nil {
		return nil, err
	}
	udp, ok := conn.(*net.UDPConn)
	if !ok {
		return nil, errors.New("not UDP")
	}
	return udp, nil
}

// localUDPAddr asserts the type of a UDP socket's own address: net made
// the socket for "udp", so it is a *net.UDPAddr and the failure return
// cannot be taken (pion/mdns). Clean.
func localUDPAddr(addr string) (net.Conn, int, error) {
	c, err := net.Dial("udp", addr)
	if err != nil {
		return nil, 0, err
	}
	la, ok := c.LocalAddr().(*net.UDPAddr)
	if !ok {
		return nil, 0, errors.New("not a UDP address")
	}
	return c, la.Port, nil
}

// peerAddrOf asserts the address of a conn a listener it was given
// accepted, which may be of any type: the failure return leaks it.
func peerAddrOf(ln net.Listener) (net.Conn, *net.TCPAddr, error) {
	c, err := ln.Accept() // want `net\.Conn c from ln\.Accept is not closed on the error return at line \d+`
	if err != nil {
		return nil, nil, err
	}
	ra, ok := c.RemoteAddr().(*net.TCPAddr)
	if !ok {
		return nil, nil, errors.New("not TCP")
	}
	return c, ra, nil
}

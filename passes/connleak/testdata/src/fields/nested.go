package fields

import (
	"errors"
	"net"
	"time"
)

// A conn in a struct of the package that is itself in another struct
// built in the same function: the outer struct holds it, and a step on
// the outer one that fails leaves the conn open (pin/tftp's Send and
// Receive: the UDP socket in a connConnection in a sender).

type packetConn interface {
	sendTo(b []byte, addr *net.UDPAddr) error
	readFrom(b []byte) (int, *net.UDPAddr, error)
	setDeadline(d time.Duration) error
	close()
	closed() bool
}

type udpPacketConn struct{ conn *net.UDPConn }

func (c *udpPacketConn) sendTo(b []byte, a *net.UDPAddr) error {
	_, err := c.conn.WriteToUDP(b, a)
	return err
}

func (c *udpPacketConn) readFrom(b []byte) (int, *net.UDPAddr, error) {
	return c.conn.ReadFromUDP(b)
}

func (c *udpPacketConn) setDeadline(d time.Duration) error {
	return c.conn.SetReadDeadline(time.Now().Add(d))
}

func (c *udpPacketConn) close()       { c.conn.Close() }
func (c *udpPacketConn) closed() bool { return false }

type tftpSender struct {
	conn    packetConn
	addr    *net.UDPAddr
	buf     []byte
	timeout time.Duration
}

func (s *tftpSender) handshake() (*net.UDPAddr, error) {
	if err := s.conn.setDeadline(s.timeout); err != nil {
		return nil, err
	}
	if err := s.conn.sendTo(s.buf[:4], s.addr); err != nil {
		return nil, err
	}
	n, addr, err := s.conn.readFrom(s.buf)
	if err != nil {
		return nil, err
	}
	if n < 4 {
		return nil, errors.New("short packet")
	}
	return addr, nil
}

func (s *tftpSender) Close() { s.conn.close() }

func tftpSend(addr *net.UDPAddr) (*tftpSender, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{}) // want `\*net\.UDPConn conn from net\.ListenUDP is not closed on the error return at line 74`
	if err != nil {
		return nil, err
	}
	s := &tftpSender{conn: &udpPacketConn{conn: conn}, addr: addr, buf: make([]byte, 512)}
	a, err := s.handshake()
	if err != nil {
		return nil, err
	}
	s.addr = a
	return s, nil
}

func tftpSendClosed(addr *net.UDPAddr) (*tftpSender, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{}) // want `\*net\.UDPConn conn from net\.ListenUDP is not closed on the error return at line 88`
	if err != nil {
		return nil, err
	}
	s := &tftpSender{conn: &udpPacketConn{conn: conn}, addr: addr, buf: make([]byte, 512)}
	a, err := s.handshake()
	if err != nil && !s.conn.closed() { // closed() asks, it does not close
		return nil, err
	}
	s.addr = a
	return s, nil
}

func tftpSendClean(addr *net.UDPAddr) (*tftpSender, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		return nil, err
	}
	s := &tftpSender{conn: &udpPacketConn{conn: conn}, addr: addr, buf: make([]byte, 512)}
	a, err := s.handshake()
	if err != nil {
		s.Close()
		return nil, err
	}
	s.addr = a
	return s, nil
}

func tftpSendCloseInner(addr *net.UDPAddr) (*tftpSender, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		return nil, err
	}
	s := &tftpSender{conn: &udpPacketConn{conn: conn}, addr: addr, buf: make([]byte, 512)}
	a, err := s.handshake()
	if err != nil {
		s.conn.close()
		return nil, err
	}
	s.addr = a
	return s, nil
}

// The inner struct concrete, and a sender rebuilt around it.

type probeSender struct {
	conn *udpPacketConn
	addr *net.UDPAddr
}

func (s *probeSender) hello() error { return s.conn.sendTo([]byte("x"), s.addr) }
func (s *probeSender) Close()       { s.conn.close() }

func probe(addr *net.UDPAddr) error {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{}) // want `\*net\.UDPConn conn from net\.ListenUDP is not closed on the error return at line 141`
	if err != nil {
		return err
	}
	s := &probeSender{conn: &udpPacketConn{conn: conn}, addr: addr}
	if err := s.hello(); err != nil {
		return err
	}
	s.Close()
	return nil
}

func probeDeferred(addr *net.UDPAddr) error {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		return err
	}
	s := &probeSender{conn: &udpPacketConn{conn: conn}, addr: addr}
	defer s.Close()
	return s.hello()
}

func probeRewrapped(addr *net.UDPAddr) (*tftpSender, error) {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{})
	if err != nil {
		return nil, err
	}
	s := &probeSender{conn: &udpPacketConn{conn: conn}, addr: addr}
	return &tftpSender{conn: s.conn, addr: s.addr}, nil
}

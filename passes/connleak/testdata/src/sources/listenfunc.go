package sources

import "net"

// A client whose packet sockets come from a configurable func field named
// for what it does (gortsplib's Client.ListenPacket, defaulting to
// net.ListenPacket).
type rtpClient struct {
	ListenPacket func(network, address string) (net.PacketConn, error)
}

// newUDPListener drops the socket when a socket option fails.
func newUDPListener(c *rtpClient, address string) (*net.UDPConn, error) {
	tmp, err := c.ListenPacket("udp", address) // want `net\.PacketConn tmp from c\.ListenPacket is not closed on the error return at line 20`
	if err != nil {
		return nil, err
	}
	pc := tmp.(*net.UDPConn)
	if err := pc.SetReadBuffer(1 << 20); err != nil {
		return nil, err
	}
	return pc, nil
}

// newUDPListenerClean closes it there: clean.
func newUDPListenerClean(c *rtpClient, address string) (*net.UDPConn, error) {
	tmp, err := c.ListenPacket("udp", address)
	if err != nil {
		return nil, err
	}
	pc := tmp.(*net.UDPConn)
	if err := pc.SetReadBuffer(1 << 20); err != nil {
		pc.Close()
		return nil, err
	}
	return pc, nil
}

// packetSource is a func value named for something else than listening:
// what it returns may be shared (silent).
func packetSource(get func() (net.PacketConn, error)) error {
	pc, err := get()
	if err != nil {
		return err
	}
	if _, err := pc.WriteTo([]byte("x"), nil); err != nil {
		return err
	}
	return pc.Close()
}

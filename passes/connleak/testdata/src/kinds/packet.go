package kinds

import (
	"context"
	"net"
)

// packetSend leaks the PacketConn when WriteTo fails.
func packetSend(addr net.Addr, msg []byte) error {
	pc, err := net.ListenPacket("udp", ":0") // want `net\.PacketConn pc from net\.ListenPacket is not closed on the error return.* \(its fd and port leak`
	if err != nil {
		return err
	}
	if _, err := pc.WriteTo(msg, addr); err != nil {
		return err
	}
	return pc.Close()
}

// packetSendDeferred defers the PacketConn's Close: clean.
func packetSendDeferred(addr net.Addr, msg []byte) error {
	pc, err := net.ListenPacket("udp", ":0")
	if err != nil {
		return err
	}
	defer pc.Close()
	_, err = pc.WriteTo(msg, addr)
	return err
}

// udpLocalAddr binds a *net.UDPConn only to learn its address and never closes it.
func udpLocalAddr() net.Addr {
	uc, err := net.ListenUDP("udp", &net.UDPAddr{}) // want `\*net\.UDPConn uc from net\.ListenUDP is not closed on the return.* \(its fd and port leak`
	if err != nil {
		return nil
	}
	return uc.LocalAddr()
}

// multicastJoin listens on a multicast group and defers the Close: clean.
func multicastJoin(ifi *net.Interface, group *net.UDPAddr) error {
	mc, err := net.ListenMulticastUDP("udp4", ifi, group)
	if err != nil {
		return err
	}
	defer mc.Close()
	return mc.SetReadBuffer(1 << 16)
}

// multicastLeak returns the SetReadBuffer error with the multicast conn open.
func multicastLeak(ifi *net.Interface, group *net.UDPAddr) error {
	mc, err := net.ListenMulticastUDP("udp4", ifi, group) // want `\*net\.UDPConn mc from net\.ListenMulticastUDP is not closed on the error return.* \(its fd and port leak`
	if err != nil {
		return err
	}
	if err := mc.SetReadBuffer(1 << 16); err != nil {
		return err
	}
	return mc.Close()
}

// listenConfigPacket uses (*net.ListenConfig).ListenPacket and forgets to close on success.
func listenConfigPacket(ctx context.Context, lc *net.ListenConfig) string {
	pc, err := lc.ListenPacket(ctx, "udp", ":0") // want `net\.PacketConn pc from lc\.ListenPacket is not closed on the return.* \(its fd and port leak`
	if err != nil {
		return ""
	}
	return pc.LocalAddr().String()
}

// unixgramReturned hands the unixgram conn back to the caller: clean.
func unixgramReturned(laddr *net.UnixAddr) (*net.UnixConn, error) {
	uc, err := net.ListenUnixgram("unixgram", laddr)
	if err != nil {
		return nil, err
	}
	return uc, nil
}

// unixgramLeak leaks the unixgram conn when the write fails.
func unixgramLeak(laddr, raddr *net.UnixAddr, msg []byte) error {
	uc, err := net.ListenUnixgram("unixgram", laddr) // want `\*net\.UnixConn uc from net\.ListenUnixgram is not closed on the error return.* \(its fd leaks: a unix datagram socket never reaches CLOSE_WAIT, but it stays open\)`
	if err != nil {
		return err
	}
	if _, err := uc.WriteToUnix(msg, raddr); err != nil {
		return err
	}
	return uc.Close()
}

// rawIPListen listens for raw IP packets and defers the Close: clean.
func rawIPListen(laddr *net.IPAddr) error {
	ic, err := net.ListenIP("ip4:icmp", laddr)
	if err != nil {
		return err
	}
	defer ic.Close()
	return ic.SetReadBuffer(4096)
}

// rawIPListenLeak keeps the raw IP conn open when the buffer size cannot be set.
func rawIPListenLeak(laddr *net.IPAddr) error {
	ic, err := net.ListenIP("ip4:icmp", laddr) // want `\*net\.IPConn ic from net\.ListenIP is not closed on the error return.* \(its fd and port leak`
	if err != nil {
		return err
	}
	if err := ic.SetReadBuffer(4096); err != nil {
		return err
	}
	return ic.Close()
}

// dialHost is a stream dial helper whose first argument is an address.
func dialHost(addr string) (net.Conn, error) { return net.Dial("tcp", addr) }

// helperAddrNotNetwork leaks a TCP conn from a helper whose constant
// argument is an address starting with "ip": not a datagram socket.
func helperAddrNotNetwork() error {
	c, err := dialHost("ipc.example.com:80") // want `net\.Conn c from dialHost is not closed on the error return.* \(the fd leaks`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return err
	}
	return c.Close()
}

// helperNetworkParam leaks a UDP conn from a helper with a network parameter.
func helperNetworkParam() error {
	c, err := dialNet("udp", "127.0.0.1:53") // want `net\.Conn c from dialNet is not closed on the error return.* \(its fd and port leak`
	if err != nil {
		return err
	}
	if _, err := c.Write([]byte("x")); err != nil {
		return err
	}
	return c.Close()
}

func dialNet(network, addr string) (net.Conn, error) { return net.Dial(network, addr) }

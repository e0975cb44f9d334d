package sockstate

import (
	"encoding/binary"
	"fmt"
	"net/netip"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Layout of the inet_diag messages (linux/inet_diag.h).
const (
	diagReqLen   = 56 // struct inet_diag_req_v2
	diagMsgLen   = 72 // struct inet_diag_msg
	diagInfoAttr = 2  // INET_DIAG_INFO: struct tcp_info
	// Offsets in struct tcp_info (linux/tcp.h) of the "times" fields, in ms.
	tcpiLastDataRecv = 52
	tcpiLastAckRecv  = 56
	tcpiMinLen       = 60
	// INET_DIAG_REQ_PROTOCOL: request attribute for protocols above 255.
	diagReqProtocolAttr = 3
)

// diagConn is a NETLINK_SOCK_DIAG socket in one network namespace.
type diagConn struct {
	c *netlink.Conn
}

// dialDiag opens a sock_diag netlink socket in the network namespace
// given by the open file nsfd, or in the current one when nsfd is 0.
func dialDiag(nsfd int) (*diagConn, error) {
	c, err := netlink.Dial(unix.NETLINK_SOCK_DIAG, &netlink.Config{NetNS: nsfd, MessageBufferSize: 32 << 10})
	if err != nil {
		return nil, fmt.Errorf("netlink sock_diag: %w", err)
	}
	return &diagConn{c: c}, nil
}

func (d *diagConn) Close() error { return d.c.Close() }

// dump lists the TCP sockets of one address family (unix.AF_INET or
// AF_INET6) whose state is in the kernel bitmask states, and calls fn for
// each. With info, it requests tcp_info and fills HasInfo, Age and AgeMax.
// The Socket passed to fn is reused between calls.
func (d *diagConn) dump(family uint8, states uint32, info bool, fn func(*Socket)) error {
	return d.dumpProto(family, unix.IPPROTO_TCP, states, info, fn)
}

// dumpProto is dump for another protocol: TCP, or MPTCP, whose number does
// not fit the request's protocol byte and goes in INET_DIAG_REQ_PROTOCOL.
func (d *diagConn) dumpProto(family uint8, proto uint32, states uint32, info bool, fn func(*Socket)) error {
	req := make([]byte, diagReqLen, diagReqLen+8)
	req[0] = family
	req[1] = byte(proto)
	if proto > 255 {
		req = req[:diagReqLen+8]
		binary.NativeEndian.PutUint16(req[diagReqLen:], 8)
		binary.NativeEndian.PutUint16(req[diagReqLen+2:], diagReqProtocolAttr)
		binary.NativeEndian.PutUint32(req[diagReqLen+4:], proto)
	}
	if info {
		req[2] = 1 << (diagInfoAttr - 1)
	}
	binary.NativeEndian.PutUint32(req[4:], states)
	msg := netlink.Message{
		Header: netlink.Header{
			Type:  netlink.HeaderType(unix.SOCK_DIAG_BY_FAMILY),
			Flags: netlink.Request | netlink.Dump,
		},
		Data: req,
	}
	if _, err := d.c.Send(msg); err != nil {
		return fmt.Errorf("netlink sock_diag request: %w", err)
	}
	var s Socket
	for m, err := range d.c.ReceiveIter() {
		if err != nil {
			return fmt.Errorf("netlink sock_diag dump: %w", err)
		}
		if m.Header.Type != netlink.HeaderType(unix.SOCK_DIAG_BY_FAMILY) {
			continue
		}
		if err := parseDiagMsg(m.Data, &s); err != nil {
			return err
		}
		fn(&s)
	}
	return nil
}

// parseDiagMsg decodes a struct inet_diag_msg and its attributes into s.
func parseDiagMsg(b []byte, s *Socket) error {
	if len(b) < diagMsgLen {
		return fmt.Errorf("netlink sock_diag: short message (%d bytes, want %d)", len(b), diagMsgLen)
	}
	*s = Socket{State: State(b[1])}
	if s.State == NewSynRecv {
		s.State = SynRecv
	}
	sport := binary.BigEndian.Uint16(b[4:6])
	dport := binary.BigEndian.Uint16(b[6:8])
	var src, dst netip.Addr
	switch b[0] {
	case unix.AF_INET:
		s.Family = 4
		src = netip.AddrFrom4([4]byte(b[8:12]))
		dst = netip.AddrFrom4([4]byte(b[24:28]))
	case unix.AF_INET6:
		s.Family = 6
		src = netip.AddrFrom16([16]byte(b[8:24])).Unmap()
		dst = netip.AddrFrom16([16]byte(b[24:40])).Unmap()
	default:
		return fmt.Errorf("netlink sock_diag: unexpected address family %d", b[0])
	}
	s.Local = netip.AddrPortFrom(src, sport)
	s.Remote = netip.AddrPortFrom(dst, dport)
	s.RecvQ = binary.NativeEndian.Uint32(b[56:60])
	s.SendQ = binary.NativeEndian.Uint32(b[60:64])
	s.UID = binary.NativeEndian.Uint32(b[64:68])
	s.Inode = uint64(binary.NativeEndian.Uint32(b[68:72]))
	for a := b[diagMsgLen:]; len(a) >= 4; {
		l := int(binary.NativeEndian.Uint16(a[0:2]))
		typ := binary.NativeEndian.Uint16(a[2:4])
		if l < 4 || l > len(a) {
			return fmt.Errorf("netlink sock_diag: bad attribute length %d", l)
		}
		if typ == diagInfoAttr && l-4 >= tcpiMinLen {
			ti := a[4:l]
			s.HasInfo = true
			s.Age = time.Duration(binary.NativeEndian.Uint32(ti[tcpiLastAckRecv:])) * time.Millisecond
			s.AgeMax = time.Duration(binary.NativeEndian.Uint32(ti[tcpiLastDataRecv:])) * time.Millisecond
		}
		l = (l + 3) &^ 3
		if l > len(a) {
			break
		}
		a = a[l:]
	}
	return nil
}

// dumpAll lists IPv4 and IPv6 sockets in states through d.
func (d *diagConn) dumpAll(states uint32, info bool, fn func(*Socket)) error {
	if states == 0 {
		return nil
	}
	if err := d.dump(unix.AF_INET, states, info, fn); err != nil {
		return err
	}
	return d.dump(unix.AF_INET6, states, info, fn)
}

// mptcpInodes adds the inodes of MPTCP sockets (Go listeners use MPTCP by
// default since Go 1.24) to inodes, so that their descriptors are not taken
// for orphans. Kernels without MPTCP diag support are skipped silently.
func (d *diagConn) mptcpInodes(inodes map[uint64]State) {
	add := func(s *Socket) {
		if s.Inode != 0 {
			inodes[s.Inode] = s.State
		}
	}
	for _, fam := range []uint8{unix.AF_INET, unix.AF_INET6} {
		if d.dumpProto(fam, unix.IPPROTO_MPTCP, mask(AllStates()), false, add) != nil {
			return
		}
	}
}

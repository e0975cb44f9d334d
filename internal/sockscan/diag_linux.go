package sockscan

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"syscall"
	"time"
	"unsafe"

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
// Replies are read straight from the socket into one reused buffer and
// parsed in place, so that a dump allocates nothing per message.
type diagConn struct {
	c   *netlink.Conn
	rc  syscall.RawConn
	buf []byte
	// perFamily is set once a dump through the old TCPDIAG_GETSOCK request,
	// which lists IPv4 and IPv6 sockets in one walk of the kernel's
	// tables, has failed; IPv4 and IPv6 are then dumped apart.
	perFamily bool
}

// dialDiag opens a sock_diag netlink socket in the network namespace
// given by the open file nsfd, or in the current one when nsfd is 0.
func dialDiag(nsfd int) (*diagConn, error) {
	c, err := netlink.Dial(unix.NETLINK_SOCK_DIAG, &netlink.Config{NetNS: nsfd})
	if err != nil {
		return nil, fmt.Errorf("netlink sock_diag: %w", err)
	}
	rc, err := c.SyscallConn()
	if err != nil {
		c.Close()
		return nil, fmt.Errorf("netlink sock_diag: %w", err)
	}
	// The kernel fills dump replies up to 32 KiB; twice that never truncates.
	return &diagConn{c: c, rc: rc, buf: make([]byte, 64<<10)}, nil
}

func (d *diagConn) Close() error { return d.c.Close() }

// tcpdiagGetSock is the message type of the original inet_diag request
// (struct inet_diag_req), which the kernel serves for both families at once.
const (
	tcpdiagGetSock = 18
	diagReqV1Len   = 60
)

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
	var s Socket
	return d.request(unix.SOCK_DIAG_BY_FAMILY, req, func(b []byte) error {
		if err := parseDiagMsg(b, &s); err != nil {
			return err
		}
		fn(&s)
		return nil
	})
}

// request sends one dump request of type typ and calls fn with the
// payload of each reply message of that type, until the dump is done.
func (d *diagConn) request(typ uint16, req []byte, fn func([]byte) error) error {
	msg := netlink.Message{
		Header: netlink.Header{
			Type:  netlink.HeaderType(typ),
			Flags: netlink.Request | netlink.Dump,
		},
		Data: req,
	}
	if _, err := d.c.Send(msg); err != nil {
		return fmt.Errorf("netlink sock_diag request: %w", err)
	}
	for {
		n, err := d.recv()
		if err != nil {
			return fmt.Errorf("netlink sock_diag dump: %w", err)
		}
		for b := d.buf[:n]; len(b) >= unix.SizeofNlMsghdr; {
			l := int(binary.NativeEndian.Uint32(b[0:4]))
			t := binary.NativeEndian.Uint16(b[4:6])
			if l < unix.SizeofNlMsghdr || l > len(b) {
				return fmt.Errorf("netlink sock_diag dump: bad message length %d", l)
			}
			payload := b[unix.SizeofNlMsghdr:l]
			switch t {
			case unix.NLMSG_DONE:
				return nil
			case unix.NLMSG_ERROR:
				if len(payload) < 4 {
					return errors.New("netlink sock_diag dump: short error message")
				}
				if e := -int32(binary.NativeEndian.Uint32(payload)); e != 0 {
					return fmt.Errorf("netlink sock_diag dump: %w", os.NewSyscallError("receive", syscall.Errno(e)))
				}
				return nil
			case typ:
				if err := fn(payload); err != nil {
					return err
				}
			}
			l = (l + unix.NLMSG_ALIGNTO - 1) &^ (unix.NLMSG_ALIGNTO - 1)
			if l >= len(b) {
				break
			}
			b = b[l:]
		}
	}
}

// recv reads one datagram into d.buf and returns its length.
func (d *diagConn) recv() (int, error) {
	var n int
	var errno syscall.Errno
	err := d.rc.Read(func(fd uintptr) bool {
		r, _, e := unix.Syscall6(unix.SYS_RECVFROM, fd, uintptr(unsafe.Pointer(&d.buf[0])), uintptr(len(d.buf)), unix.MSG_TRUNC, 0, 0)
		n, errno = int(r), e
		return e != unix.EAGAIN && e != unix.EWOULDBLOCK
	})
	if err != nil {
		return 0, err
	}
	if errno == unix.EINTR {
		return d.recv()
	}
	if errno != 0 {
		return 0, os.NewSyscallError("recvfrom", errno)
	}
	if n > len(d.buf) {
		return 0, fmt.Errorf("message truncated (%d bytes)", n)
	}
	return n, nil
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
		// A listener, and a connection in SYN_SENT, never heard from a
		// peer: their last_ack_recv counts from a timestamp never set.
		if typ == diagInfoAttr && l-4 >= tcpiMinLen && s.State != SynSent && s.State != Listen {
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

// dumpAll lists IPv4 and IPv6 sockets in states through d: with one
// TCPDIAG_GETSOCK request, which walks the kernel's tables once for both
// families, or, where the kernel refuses it, one request per family.
func (d *diagConn) dumpAll(states uint32, info bool, fn func(*Socket)) error {
	if states == 0 {
		return nil
	}
	if !d.perFamily {
		req := make([]byte, diagReqV1Len)
		if info {
			req[3] = 1 << (diagInfoAttr - 1)
		}
		binary.NativeEndian.PutUint32(req[52:], states)
		var s Socket
		seen := false
		err := d.request(tcpdiagGetSock, req, func(b []byte) error {
			seen = true
			if err := parseDiagMsg(b, &s); err != nil {
				return err
			}
			fn(&s)
			return nil
		})
		if err == nil || seen {
			return err
		}
		d.perFamily = true
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

// dumpInodes calls fn with the inode of each TCP socket, IPv4 and IPv6,
// whose state is in the kernel bitmask states, reading nothing else.
func (d *diagConn) dumpInodes(states uint32, fn func(uint64)) error {
	inode := func(b []byte) error {
		if len(b) < diagMsgLen {
			return fmt.Errorf("netlink sock_diag: short message (%d bytes, want %d)", len(b), diagMsgLen)
		}
		fn(uint64(binary.NativeEndian.Uint32(b[68:72])))
		return nil
	}
	if !d.perFamily {
		req := make([]byte, diagReqV1Len)
		binary.NativeEndian.PutUint32(req[52:], states)
		seen := false
		err := d.request(tcpdiagGetSock, req, func(b []byte) error {
			seen = true
			return inode(b)
		})
		if err == nil || seen {
			return err
		}
		d.perFamily = true
	}
	for _, fam := range []uint8{unix.AF_INET, unix.AF_INET6} {
		req := make([]byte, diagReqLen)
		req[0], req[1] = fam, unix.IPPROTO_TCP
		binary.NativeEndian.PutUint32(req[4:], states)
		if err := d.request(unix.SOCK_DIAG_BY_FAMILY, req, inode); err != nil {
			return err
		}
	}
	return nil
}

package sockscan

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"net/netip"
	"strconv"
	"strings"
)

// parseProcNetLine parses one entry line of /proc/net/tcp or
// /proc/net/tcp6, such as
//
//	0: 0100007F:1F90 0100007F:A1B2 08 00000000:00000001 00:00000000 00000000  1000 0 98765 1 ...
//
// It returns an error naming the problem for a malformed line, including
// the header line. The /proc tables carry no tcp_info, so the socket's
// HasInfo is false.
func parseProcNetLine(line string) (Socket, error) {
	var s Socket
	f := strings.Fields(line)
	if len(f) < 10 {
		return s, fmt.Errorf("tcp table line has %d fields, want at least 10: %q", len(f), trim(line))
	}
	if !strings.HasSuffix(f[0], ":") {
		return s, fmt.Errorf("tcp table line does not start with a slot number: %q", trim(line))
	}
	var err error
	if s.Local, err = parseHexAddrPort(f[1]); err != nil {
		return s, fmt.Errorf("local address: %v", err)
	}
	if s.Remote, err = parseHexAddrPort(f[2]); err != nil {
		return s, fmt.Errorf("remote address: %v", err)
	}
	if s.Local.Addr().Is4() != s.Remote.Addr().Is4() {
		return s, fmt.Errorf("local and remote addresses differ in family: %q", trim(line))
	}
	s.Family = 6
	if s.Local.Addr().Is4() {
		s.Family = 4
	}
	// Like netlink results, IPv4-mapped IPv6 addresses are shown as IPv4.
	s.Local = netip.AddrPortFrom(s.Local.Addr().Unmap(), s.Local.Port())
	s.Remote = netip.AddrPortFrom(s.Remote.Addr().Unmap(), s.Remote.Port())
	st, err := strconv.ParseUint(f[3], 16, 8)
	if err != nil || st == 0 || st > uint64(maxState) {
		return s, fmt.Errorf("bad state %q", f[3])
	}
	s.State = State(st)
	tx, rx, ok := strings.Cut(f[4], ":")
	if !ok {
		return s, fmt.Errorf("bad queue field %q, want tx:rx", f[4])
	}
	sq, err1 := strconv.ParseUint(tx, 16, 32)
	rq, err2 := strconv.ParseUint(rx, 16, 32)
	if err1 != nil || err2 != nil {
		return s, fmt.Errorf("bad queue field %q", f[4])
	}
	s.SendQ, s.RecvQ = uint32(sq), uint32(rq)
	uid, err := strconv.ParseUint(f[7], 10, 32)
	if err != nil {
		return s, fmt.Errorf("bad uid %q", f[7])
	}
	s.UID = uint32(uid)
	if s.Inode, err = strconv.ParseUint(f[9], 10, 64); err != nil {
		return s, fmt.Errorf("bad inode %q", f[9])
	}
	return s, nil
}

// parseProcNet parses a whole /proc/net/tcp or tcp6 table, skipping its
// header line, and calls fn for each socket. It stops at the first
// malformed line and returns its error with the line number.
func parseProcNet(r io.Reader, fn func(*Socket)) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if n == 1 && strings.Contains(line, "local_address") {
			continue
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		s, err := parseProcNetLine(line)
		if err != nil {
			return fmt.Errorf("line %d: %v", n, err)
		}
		fn(&s)
	}
	return sc.Err()
}

// parseHexAddrPort parses "0100007F:1F90" (IPv4) or a 32-digit IPv6
// address and a port, as the kernel prints them: each 32-bit word of the
// address in host byte order, the port in network order.
func parseHexAddrPort(s string) (netip.AddrPort, error) {
	a, p, ok := strings.Cut(s, ":")
	if !ok || len(p) != 4 {
		return netip.AddrPort{}, fmt.Errorf("bad endpoint %q, want ADDR:PORT in hex", trim(s))
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.AddrPort{}, fmt.Errorf("bad port in %q", trim(s))
	}
	var b [16]byte
	switch len(a) {
	case 8, 32:
	default:
		return netip.AddrPort{}, fmt.Errorf("bad address in %q: %d hex digits, want 8 or 32", trim(s), len(a))
	}
	for i := 0; i < len(a)/8; i++ {
		w, err := strconv.ParseUint(a[i*8:i*8+8], 16, 32)
		if err != nil {
			return netip.AddrPort{}, fmt.Errorf("bad address in %q", trim(s))
		}
		binary.NativeEndian.PutUint32(b[i*4:], uint32(w))
	}
	var addr netip.Addr
	if len(a) == 8 {
		addr = netip.AddrFrom4([4]byte(b[:4]))
	} else {
		addr = netip.AddrFrom16(b)
	}
	return netip.AddrPortFrom(addr, uint16(port)), nil
}

// trim shortens s for an error message.
func trim(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}

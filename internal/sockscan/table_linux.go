package sockscan

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// A netns is one network namespace to look into.
type netns struct {
	ino  uint64
	self bool  // the scanner's own namespace
	pids []int // scanned processes in it; pids[0] names it in /proc
}

// A table is what one namespace's socket tables hold.
type table struct {
	ns      *netns
	sockets []Socket         // sockets in the wanted states
	states  map[State]int    // all sockets per state
	inodes  map[uint64]State // the inodes of the other TCP sockets (when needed)
	listen  map[uint16][]netip.Addr
	// listeners maps the listening sockets' endpoints to their inodes.
	listeners map[netip.AddrPort]uint64
	fallback  bool
	// ports counts CLOSE_WAIT and TIME_WAIT sockets by local port, to
	// count the outbound ones once the listening ports are known.
	ports    [2]map[uint16]int
	outbound map[State]int
}

func newTable(ns *netns, inodes map[uint64]State) *table {
	return &table{ns: ns, states: make(map[State]int), listen: make(map[uint16][]netip.Addr),
		listeners: make(map[netip.AddrPort]uint64), inodes: inodes,
		ports: [2]map[uint16]int{{}, {}}, outbound: make(map[State]int)}
}

// A tableRequest says what readTable reads of a namespace's sockets.
type tableRequest struct {
	wanted     []State // the states to list
	info       bool    // read tcp_info of the listed sockets (netlink only)
	keepInodes bool    // keep the inodes of the sockets not listed
	procOnly   bool    // read /proc/<pid>/net/tcp{,6}, not netlink
	// keep, if set, lists only the sockets in the wanted states whose
	// inode it accepts.
	keep func(uint64) bool
}

// readTable reads the TCP sockets of ns: the wanted states, with tcp_info
// if asked, and every other state for the histogram, the listening ports
// and, with keepInodes, the inodes of the sockets not listed (those of the
// listed ones are in t.sockets). With keep, only the sockets in the wanted
// states whose inode keep accepts are listed; the others are left out of
// t.sockets and the inode map.
func readTable(ns *netns, req tableRequest) (*table, error) {
	wanted, info, procOnly, keep := req.wanted, req.info, req.procOnly, req.keep
	var inodes map[uint64]State
	if req.keepInodes {
		inodes = make(map[uint64]State)
	}
	t := newTable(ns, inodes)
	want := mask(wanted)
	// Room for every socket of the namespace: memory that is never
	// written costs nothing, while growing a large slice copies it.
	t.sockets = make([]Socket, 0, socketCount(ns))
	add := func(s *Socket) {
		st := s.State
		t.states[st]++
		switch st {
		case Listen:
			t.listen[s.Local.Port()] = append(t.listen[s.Local.Port()], s.Local.Addr())
			t.listeners[s.Local] = s.Inode
		case CloseWait:
			t.ports[0][s.Local.Port()]++
		case TimeWait:
			t.ports[1][s.Local.Port()]++
		}
		if want&(1<<st) != 0 {
			// A socket without a file in a state of accepted ones may be
			// queued on a listener: kept until the listeners are known.
			if keep != nil && !keep(s.Inode) && !(s.Inode == 0 && maybeQueued(st)) {
				return
			}
			c := *s
			c.NetNS = ns.ino
			t.sockets = append(t.sockets, c)
		} else if t.inodes != nil && s.Inode != 0 {
			t.inodes[s.Inode] = st
		}
	}
	if !procOnly {
		err := t.readNetlink(want, info, add)
		if err == nil {
			t.setDirections()
			t.findUnaccepted(keep)
			return t, nil
		}
		if !refused(err) {
			return nil, err
		}
		// Netlink refused here: start over from /proc.
		clear(inodes)
		t = newTable(ns, inodes)
	}
	t.fallback = true
	if err := t.readProc(add); err != nil {
		return nil, err
	}
	t.setDirections()
	t.findUnaccepted(keep)
	return t, nil
}

// maybeQueued reports whether a socket in state st without a file may be
// a connection in a listener's accept queue: one the kernel completed
// (ESTABLISHED), whose peer may have closed it since (CLOSE_WAIT). A
// socket that its program closed leaves these states (FIN_WAIT1,
// LAST_ACK).
func maybeQueued(st State) bool { return st == Established || st == CloseWait }

// findUnaccepted marks the listed sockets that wait in the accept queue of
// one of the namespace's listening sockets: no file, a state of a
// completed connection, and the local endpoint of a listener (on the same
// or the wildcard address). With keep, those of listeners it does not
// accept are dropped, as are the other sockets without a file that add
// kept for this.
func (t *table) findUnaccepted(keep func(uint64) bool) {
	kept := t.sockets[:0]
	for i := range t.sockets {
		s := &t.sockets[i]
		if s.Inode == 0 && maybeQueued(s.State) {
			ino, ok := t.listeners[s.Local]
			for _, any := range []netip.Addr{netip.IPv4Unspecified(), netip.IPv6Unspecified()} {
				if !ok {
					ino, ok = t.listeners[netip.AddrPortFrom(any, s.Local.Port())]
				}
			}
			if ok && ino != 0 {
				s.Unaccepted, s.listener, s.Direction = true, ino, Inbound
			}
			if keep != nil && !(s.Unaccepted && keep(s.listener)) {
				continue
			}
		}
		kept = append(kept, *s)
	}
	t.sockets = kept
}

// refused reports whether err means that netlink sock_diag cannot be used
// here (no permission to enter the namespace, or no such protocol), as
// opposed to a failure worth reporting.
func refused(err error) bool {
	return errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) ||
		errors.Is(err, unix.EPROTONOSUPPORT) || errors.Is(err, unix.EAFNOSUPPORT) ||
		errors.Is(err, unix.ENOENT) || errors.Is(err, unix.EINVAL) || errors.Is(err, unix.EOPNOTSUPP)
}

// dialNS opens a sock_diag socket in ns.
func dialNS(ns *netns) (*diagConn, error) {
	if ns.self {
		return dialDiag(0)
	}
	f, err := os.Open("/proc/" + strconv.Itoa(ns.pids[0]) + "/ns/net")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return dialDiag(int(f.Fd()))
}

func (t *table) readNetlink(want uint32, info bool, add func(*Socket)) error {
	d, err := dialNS(t.ns)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.dumpAll(want, info, add); err != nil {
		return err
	}
	if err := d.dumpAll(mask(AllStates())&^want, false, add); err != nil {
		return err
	}
	if t.inodes != nil {
		d.mptcpInodes(t.inodes)
	}
	return nil
}

// readProc reads /proc/<pid>/net/tcp{,6}. The kernel writes those files
// a page at a time, resuming its walk of the hash table by position, so
// that a socket may be read twice while connections come and go: each
// socket is added once, by inode, or by state and endpoints when it has
// none (TIME_WAIT).
func (t *table) readProc(add func(*Socket)) error {
	type tuple struct {
		st            State
		local, remote netip.AddrPort
	}
	seen := make(map[uint64]bool)
	seenTW := make(map[tuple]bool)
	once := func(s *Socket) {
		if s.Inode != 0 {
			if seen[s.Inode] {
				return
			}
			seen[s.Inode] = true
		} else {
			k := tuple{s.State, s.Local, s.Remote}
			if seenTW[k] {
				return
			}
			seenTW[k] = true
		}
		add(s)
	}
	dir := "/proc/self/net/"
	if !t.ns.self {
		dir = "/proc/" + strconv.Itoa(t.ns.pids[0]) + "/net/"
	}
	for _, name := range []string{"tcp", "tcp6"} {
		f, err := os.Open(dir + name)
		if errors.Is(err, os.ErrNotExist) && name == "tcp6" {
			continue // IPv6 disabled
		}
		if err != nil {
			return err
		}
		err = parseProcNet(f, once)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s%s: %v", dir, name, err)
		}
	}
	return nil
}

// setDirections marks each listed socket inbound when its local port is
// that of a listening socket on the same or a wildcard address.
func (t *table) setDirections() {
	for i, st := range [2]State{CloseWait, TimeWait} {
		for port, n := range t.ports[i] {
			if len(t.listen[port]) == 0 {
				t.outbound[st] += n
			}
		}
	}
	for i := range t.sockets {
		s := &t.sockets[i]
		if s.State == Listen {
			continue
		}
		s.Direction = Outbound
		for _, a := range t.listen[s.Local.Port()] {
			if a.IsUnspecified() || a == s.Local.Addr() {
				s.Direction = Inbound
				break
			}
		}
	}
}

// socketCount returns the number of TCP sockets in ns, from the
// "TCP: inuse N ... tw M" line of its /proc/net/sockstat, capped at a
// million; 0 if unknown.
func socketCount(ns *netns) int {
	path := "/proc/self/net/sockstat"
	if !ns.self {
		path = "/proc/" + strconv.Itoa(ns.pids[0]) + "/net/sockstat"
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	total := 0
	for line := range strings.Lines(string(b)) {
		rest, ok := strings.CutPrefix(line, "TCP: ")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		for i := 0; i+1 < len(f); i += 2 {
			if f[i] == "inuse" || f[i] == "tw" {
				n, _ := strconv.Atoi(f[i+1])
				total += n
			}
		}
	}
	return min(total, 1<<20)
}

// present returns which of the inodes in cands belong to a TCP socket of
// ns in one of the states of the mask states, for confirming orphan
// candidates.
func present(ns *netns, cands map[uint64]bool, procOnly bool, states uint32) (map[uint64]bool, error) {
	found := make(map[uint64]bool)
	if !procOnly {
		err := presentNetlink(ns, cands, found, states)
		if err == nil {
			return found, nil
		}
		if !refused(err) {
			return nil, err
		}
		clear(found)
	}
	t, err := readTable(ns, tableRequest{wanted: AllStates(), procOnly: true})
	if err != nil {
		return nil, err
	}
	for i := range t.sockets {
		if ino := t.sockets[i].Inode; cands[ino] {
			found[ino] = true
		}
	}
	return found, nil
}

// presentNetlink is present through netlink: one dump of the TCP sockets
// in the states of the mask, without tcp_info, of which only the inode is
// read, and the MPTCP sockets.
func presentNetlink(ns *netns, cands, found map[uint64]bool, states uint32) error {
	d, err := dialNS(ns)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.dumpInodes(states, func(ino uint64) {
		if cands[ino] {
			found[ino] = true
		}
	}); err != nil {
		return err
	}
	mp := make(map[uint64]State)
	d.mptcpInodes(mp)
	for ino := range mp {
		if cands[ino] {
			found[ino] = true
		}
	}
	return nil
}

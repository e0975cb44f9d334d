package sockscan

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// orphanCands are the socket descriptors of one namespace's processes
// whose inodes were in none of its tables when they were read.
type orphanCands struct {
	ns    *netns
	cands []fdRef
}

// confirmOrphans confirms the scan's orphan candidates and adds them to
// snap. Most candidates are not TCP at all (unix, netlink, UDP); the rest
// are checked against a second reading of the tables, which rules out
// sockets created while they were read. Then each holding process must
// have had its chance to close them (settle: it went idle, or ran through
// ScanOptions.OrphanConfirm), and a third reading of the tables and of
// the descriptors must find the same sockets still held and in no table:
// a connection that a busy server opened and closed during the scan has
// left both by then. Candidates whose process was stopped or starved of
// CPU throughout go to snap.Unconfirmed.
func (sc *Scanner) confirmOrphans(snap *Snapshot, hot map[int]bool) {
	pending := sc.pending
	sc.pending = nil
	wait := sc.Options.OrphanConfirm
	if wait == 0 {
		wait = DefaultOrphanConfirm
	}
	quick := quickStates
	if wait < 0 {
		quick = fileStates // the only check
	}
	var left []orphanCands
	var pids []int
	seen := make(map[int32]bool)
	for _, p := range pending {
		var tcp []fdRef
		for _, c := range p.cands {
			if isTCPSocket(int(c.pid), int(c.fd)) {
				tcp = append(tcp, c)
			}
		}
		if tcp = sc.absent(p.ns, tcp, quick); len(tcp) > 0 {
			left = append(left, orphanCands{p.ns, tcp})
			for _, c := range tcp {
				if !seen[c.pid] {
					seen[c.pid] = true
					pids = append(pids, int(c.pid))
				}
			}
		}
	}
	if len(left) > 0 && wait > 0 {
		verdicts := settle(pids, wait)
		for i := range left {
			var sure []fdRef
			for _, c := range sc.absent(left[i].ns, left[i].cands, fileStates) {
				if verdicts[int(c.pid)] == starved {
					snap.Unconfirmed = append(snap.Unconfirmed, sc.orphan(snap, c, left[i].ns.ino))
				} else {
					sure = append(sure, c)
				}
			}
			left[i].cands = sure
		}
	}
	for _, p := range left {
		for _, c := range p.cands {
			snap.Orphaned = append(snap.Orphaned, sc.orphan(snap, c, p.ns.ino))
			hot[int(c.pid)] = true
		}
	}
}

// orphan describes a candidate as an Orphan, recording its process in snap.
func (sc *Scanner) orphan(snap *Snapshot, c fdRef, ns uint64) Orphan {
	pr := sc.process(snap, int(c.pid), ns)
	return Orphan{PID: int(c.pid), Command: pr.Command, FD: int(c.fd), Inode: c.ino, NetNS: ns}
}

// The states in which absent looks for candidates. A socket with a file
// can be in any state but TIME_WAIT (and NEW_SYN_RECV), which have none:
// fileStates. The first, immediate check rules out the sockets created
// while the tables were read; it leaves out CLOSE_WAIT too, the bulk of
// the sockets on a machine that leaks them, since the final check,
// after settle, looks there anyway.
var (
	fileStates  = mask(AllStates()) &^ (1<<TimeWait | 1<<NewSynRecv)
	quickStates = fileStates &^ (1 << CloseWait)
)

// absent returns the candidates of ns whose socket is in none of its
// tables' sockets in the states of the mask now and whose descriptor
// still holds that socket. A candidate's state is read from the socket
// itself where a duplicate of its descriptor can be had (socketState):
// a socket in CLOSE is in no table, one in any other state is in one. The
// others are looked for in a dump of the tables. When the tables cannot
// be read it returns none of those: an orphan is never reported without
// being confirmed.
func (sc *Scanner) absent(ns *netns, cands []fdRef, states uint32) []fdRef {
	var out, dump []fdRef
	for _, c := range cands {
		st, ok := socketState(int(c.pid), int(c.fd), c.ino)
		if testHookNoSocketState {
			ok = false
		}
		switch {
		case !ok:
			dump = append(dump, c)
		case st == Close:
			out = append(out, c)
		}
	}
	if len(dump) == 0 {
		return out
	}
	inodes := make(map[uint64]bool, len(dump))
	for _, c := range dump {
		inodes[c.ino] = true
	}
	again, err := present(ns, inodes, sc.Options.ProcOnly, states)
	if err != nil {
		return out
	}
	for _, c := range dump {
		if !again[c.ino] && fdInode(int(c.pid), int(c.fd)) == c.ino {
			out = append(out, c)
		}
	}
	return out
}

// testHookNoSocketState, set by a test, makes absent read no socket's
// state, as where pidfd_getfd is refused, so that the dumps decide.
var testHookNoSocketState bool

// socketState returns the TCP state of the socket with inode ino that
// descriptor fd of pid holds, read through a duplicate of the descriptor
// (pidfd_getfd: Linux 5.6, and the right to trace pid). It reports false
// when it cannot: no such right or system call, a descriptor that holds
// another socket now, or one that is not plain TCP (MPTCP).
func socketState(pid, fd int, ino uint64) (State, bool) {
	pfd, err := unix.PidfdOpen(pid, 0)
	if err != nil {
		return 0, false
	}
	defer unix.Close(pfd)
	dup, err := unix.PidfdGetfd(pfd, fd, 0)
	if err != nil {
		return 0, false
	}
	defer unix.Close(dup)
	var st unix.Stat_t
	if unix.Fstat(dup, &st) != nil || st.Ino != ino {
		return 0, false
	}
	if proto, err := unix.GetsockoptInt(dup, unix.SOL_SOCKET, unix.SO_PROTOCOL); err != nil || proto != unix.IPPROTO_TCP {
		return 0, false
	}
	info, err := unix.GetsockoptTCPInfo(dup, unix.IPPROTO_TCP, unix.TCP_INFO)
	if err != nil {
		return 0, false
	}
	return State(info.State), true
}

// fdInode returns the inode of the socket that descriptor fd of pid
// holds, or 0 if it holds none (closed, or not a socket).
func fdInode(pid, fd int) uint64 {
	var buf [64]byte
	n, err := unix.Readlink("/proc/"+strconv.Itoa(pid)+"/fd/"+strconv.Itoa(fd), buf[:])
	if err != nil || n <= 0 {
		return 0
	}
	ino, _ := parseSocketLink(buf[:n])
	return ino
}

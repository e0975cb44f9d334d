package sockstate

import (
	"strconv"
	"time"

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
// sockets created while they were read, and then, after
// ScanOptions.OrphanConfirm, against a third reading and their descriptor,
// which must still hold the same socket: a connection that a busy server
// opened and closed during the scan has left both the table and the
// descriptor by then. The wait is shared by every namespace.
func (sc *Scanner) confirmOrphans(snap *Snapshot, hot map[int]bool) {
	pending := sc.pending
	sc.pending = nil
	wait := sc.Options.OrphanConfirm
	if wait == 0 {
		wait = DefaultOrphanConfirm
	}
	var left []orphanCands
	for _, p := range pending {
		var tcp []fdRef
		for _, c := range p.cands {
			if isTCPSocket(int(c.pid), int(c.fd)) {
				tcp = append(tcp, c)
			}
		}
		if tcp = sc.absent(p.ns, tcp); len(tcp) > 0 {
			left = append(left, orphanCands{p.ns, tcp})
		}
	}
	if len(left) > 0 && wait > 0 {
		time.Sleep(wait)
		for i := range left {
			left[i].cands = sc.absent(left[i].ns, left[i].cands)
		}
	}
	for _, p := range left {
		for _, c := range p.cands {
			pid := int(c.pid)
			pr := sc.process(snap, pid, p.ns.ino)
			snap.Orphaned = append(snap.Orphaned, Orphan{PID: pid, Command: pr.Command, FD: int(c.fd), Inode: c.ino, NetNS: p.ns.ino})
			hot[pid] = true
		}
	}
}

// absent returns the candidates of ns whose inode is in none of its
// tables now and whose descriptor, read after the tables, still holds
// that inode. When the tables cannot be read it returns none: an orphan
// is never reported without being confirmed.
func (sc *Scanner) absent(ns *netns, cands []fdRef) []fdRef {
	if len(cands) == 0 {
		return nil
	}
	inodes := make(map[uint64]bool, len(cands))
	for _, c := range cands {
		inodes[c.ino] = true
	}
	again, err := present(ns, inodes, sc.Options.ProcOnly)
	if err != nil {
		return nil
	}
	var out []fdRef
	for _, c := range cands {
		if !again[c.ino] && fdInode(int(c.pid), int(c.fd)) == c.ino {
			out = append(out, c)
		}
	}
	return out
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

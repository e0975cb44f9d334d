package sockstate

import (
	"errors"
	"os"
	"slices"
)

// resolve finds the owners of the sockets in t by reading the descriptors
// of the namespace's processes, collects orphaned TCP descriptors when
// asked, and adds the results to snap. Processes that owned something go
// into hot.
func (sc *Scanner) resolve(t *table, full bool, snap *Snapshot, hot map[int]bool) {
	o := &sc.Options
	byInode := make(map[uint64]int, len(t.sockets))
	for i := range t.sockets {
		if t.sockets[i].Inode != 0 {
			byInode[t.sockets[i].Inode] = i
		}
	}
	unowned := len(byInode)
	owned := make(map[uint64]bool) // with PIDs: every TCP inode the processes hold
	type cand struct {
		pid, fd int
		ino     uint64
	}
	var cands []cand

	// Processes that owned something last time come first.
	pids := slices.Clone(t.ns.pids)
	slices.SortStableFunc(pids, func(a, b int) int {
		ha, hb := sc.hot[a], sc.hot[b]
		switch {
		case ha == hb:
			return 0
		case ha:
			return -1
		}
		return 1
	})
	nfds := make(map[int]int) // descriptors of fully read processes
	for _, pid := range pids {
		// Read every descriptor when filtering by process or looking for
		// orphans; otherwise stop once every socket has an owner.
		all := o.PIDs != nil || (o.Orphans && (full || sc.hot[pid]))
		if !all && unowned == 0 {
			continue
		}
		found, stopped := false, false
		n, err := sc.fds.scan(pid, func(fd int, ino uint64) bool {
			if i, ok := byInode[ino]; ok && t.sockets[i].PID == 0 {
				t.sockets[i].PID, t.sockets[i].FD = pid, fd
				unowned--
				found = true
			}
			if t.inodes != nil {
				if _, ok := t.inodes[ino]; ok {
					if o.PIDs != nil {
						owned[ino] = true
					}
				} else if o.Orphans && all {
					cands = append(cands, cand{pid, fd, ino})
				}
			}
			stopped = !all && unowned == 0
			return !stopped
		})
		if err != nil {
			if errors.Is(err, os.ErrPermission) {
				snap.Denied = append(snap.Denied, pid)
			}
			continue
		}
		if !stopped {
			nfds[pid] = n
		}
		if found {
			hot[pid] = true
		}
	}
	sc.nfds = nfds

	// Orphan candidates: socket descriptors absent from the table. Most
	// are not TCP at all (unix, netlink, UDP); the rest are confirmed
	// against a second reading of the table, to rule out sockets created
	// or connected while we scanned.
	var tcp []cand
	for _, c := range cands {
		if isTCPSocket(c.pid, c.fd) {
			tcp = append(tcp, c)
		}
	}
	if len(tcp) > 0 {
		again, err := inodeSet(t.ns, o.ProcOnly)
		if err == nil {
			for _, c := range tcp {
				if _, ok := again[c.ino]; ok {
					continue
				}
				p := sc.process(snap, c.pid, t.ns.ino)
				snap.Orphaned = append(snap.Orphaned, Orphan{PID: c.pid, Command: p.Command, FD: c.fd, Inode: c.ino, NetNS: t.ns.ino})
				hot[c.pid] = true
			}
		}
	}

	for i := range t.sockets {
		s := &t.sockets[i]
		if o.PIDs != nil && s.PID == 0 {
			continue // not one of the wanted processes
		}
		if s.PID != 0 {
			s.Command = sc.process(snap, s.PID, t.ns.ino).Command
		}
		snap.Sockets = append(snap.Sockets, *s)
	}
	if o.PIDs != nil {
		for ino := range owned {
			snap.States[t.inodes[ino]]++
		}
	}
}

// process returns the Process record of pid in snap, creating it.
func (sc *Scanner) process(snap *Snapshot, pid int, ns uint64) *Process {
	p := snap.Processes[pid]
	if p == nil {
		p = &Process{PID: pid, Command: processCommand(pid), NetNS: ns, FDLimit: fdLimit(pid)}
		if n, ok := sc.nfds[pid]; ok {
			p.OpenFDs = n
		} else {
			p.OpenFDs = countFDs(pid)
		}
		snap.Processes[pid] = p
	}
	return p
}

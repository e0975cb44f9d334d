package sockscan

import (
	"cmp"
	"errors"
	"os"
	"slices"
	"sync"
	"sync/atomic"
)

// An fdRef is a socket descriptor found in /proc/<pid>/fd.
type fdRef struct {
	pid, fd int32
	ino     uint64
}

// fdRead is what reading the descriptors of some processes found.
type fdRead struct {
	refs   [][]fdRef   // one list per worker
	nfds   map[int]int // descriptors per process read in full
	denied []int
}

// readAllFDs reads every socket descriptor of pids, with two workers,
// which a scan runs while the kernel dumps the socket tables. hint is
// the expected number of sockets: each worker's list gets room for as
// many, since memory that is never written costs nothing, while growing
// a list copies it.
func (sc *Scanner) readAllFDs(pids []int, hint int) *fdRead {
	if len(pids) == 0 {
		return &fdRead{nfds: map[int]int{}}
	}
	const workers = 2
	type part struct {
		refs   []fdRef
		nfds   map[int]int
		denied []int
	}
	parts := make([]part, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range parts {
		part := &parts[w]
		part.nfds = make(map[int]int)
		part.refs = make([]fdRef, 0, hint+64)
		fds := sc.fds
		if w > 0 {
			fds = newFDScanner()
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(pids) {
					return
				}
				pid := pids[i]
				n, err := fds.scan(pid, func(fd int, ino uint64) bool {
					part.refs = append(part.refs, fdRef{int32(pid), int32(fd), ino})
					return true
				})
				if err == nil {
					part.nfds[pid] = n
				} else if errors.Is(err, os.ErrPermission) {
					part.denied = append(part.denied, pid)
				}
			}
		}()
	}
	wg.Wait()
	r := &fdRead{nfds: parts[0].nfds}
	for _, p := range parts {
		r.refs = append(r.refs, p.refs)
		r.denied = append(r.denied, p.denied...)
		for pid, n := range p.nfds {
			r.nfds[pid] = n
		}
	}
	return r
}

// inodes returns the set of socket inodes that r found.
func (r *fdRead) inodes() map[uint64]bool {
	n := 0
	for _, refs := range r.refs {
		n += len(refs)
	}
	m := make(map[uint64]bool, n)
	for _, refs := range r.refs {
		for _, ref := range refs {
			m[ref.ino] = true
		}
	}
	return m
}

// An inodeIndex maps socket inodes to positions in a socket list.
// Socket inodes come from a counter, so those of a table are usually
// close together: then a slice indexed by inode replaces the map, which
// is slower to build and to read.
type inodeIndex struct {
	n     int // distinct inodes
	base  uint64
	dense []int32 // position+1 by inode-base; 0 for none
	m     map[uint64]int32
}

func newInodeIndex(socks []Socket) *inodeIndex {
	x := &inodeIndex{}
	lo, hi, n := ^uint64(0), uint64(0), 0
	for i := range socks {
		if ino := socks[i].Inode; ino != 0 {
			lo, hi, n = min(lo, ino), max(hi, ino), n+1
		}
	}
	if n == 0 {
		x.m = map[uint64]int32{}
		return x
	}
	if hi-lo < uint64(4*n+4096) {
		x.base, x.dense = lo, make([]int32, hi-lo+1)
		for i := range socks {
			if ino := socks[i].Inode; ino != 0 {
				if x.dense[ino-lo] == 0 {
					x.n++
				}
				x.dense[ino-lo] = int32(i) + 1
			}
		}
		return x
	}
	x.m = make(map[uint64]int32, n)
	for i := range socks {
		if ino := socks[i].Inode; ino != 0 {
			x.m[ino] = int32(i)
		}
	}
	x.n = len(x.m)
	return x
}

// get returns the position of the socket with inode ino.
func (x *inodeIndex) get(ino uint64) (int32, bool) {
	if x.dense != nil {
		if d := ino - x.base; d < uint64(len(x.dense)) {
			if v := x.dense[d]; v != 0 {
				return v - 1, true
			}
		}
		return 0, false
	}
	i, ok := x.m[ino]
	return i, ok
}

// fullPIDs returns the processes of ns whose every descriptor must be read:
// all of them when filtering by process or looking for orphans in a full
// scan, the previously hot ones in a later scan, none otherwise.
func (sc *Scanner) fullPIDs(ns *netns, full bool) []int {
	o := &sc.Options
	switch {
	case o.PIDs != nil || (o.Orphans && full):
		return ns.pids
	case o.Orphans:
		var hot []int
		for _, pid := range ns.pids {
			if sc.hot[pid] {
				hot = append(hot, pid)
			}
		}
		return hot
	}
	return nil
}

// resolve finds the owners of the sockets in t from read (the descriptors
// of the fully read processes) and, if some sockets are still unowned, by
// reading the other processes of the namespace until every socket has an
// owner. It collects orphaned TCP descriptors when asked, and adds the
// results to snap. Processes that owned something go into hot.
func (sc *Scanner) resolve(t *table, read *fdRead, snap *Snapshot, hot map[int]bool) {
	o := &sc.Options
	byInode := newInodeIndex(t.sockets)
	unowned := byInode.n
	// extra holds the holders of shared sockets beyond the first, by index.
	var extra map[int32][]fdRef
	share := func(i int32, s *Socket, pid, fd int32) {
		if int(pid) == s.PID && int(fd) == s.FD {
			return
		}
		if extra == nil {
			extra = make(map[int32][]fdRef)
		}
		extra[i] = append(extra[i], fdRef{pid, fd, s.Inode})
	}
	// queued maps the listening sockets of unaccepted connections to those
	// connections, until the listener's owner is found: they count against
	// it.
	queued := make(map[uint64][]int32)
	for i := range t.sockets {
		if s := &t.sockets[i]; s.Unaccepted && s.PID == 0 {
			queued[s.listener] = append(queued[s.listener], int32(i))
		}
	}
	var heldStates [maxState + 1]int
	ownQueued := func(pid, fd int32, ino uint64) {
		idxs, ok := queued[ino]
		if !ok {
			return
		}
		delete(queued, ino)
		for _, i := range idxs {
			s := &t.sockets[i]
			s.PID, s.FD = int(pid), int(fd)
			if o.PIDs != nil {
				heldStates[s.State]++
			}
		}
		hot[int(pid)] = true
	}
	own := func(pid, fd int, ino uint64) {
		if len(queued) > 0 {
			ownQueued(int32(pid), int32(fd), ino)
		}
		i, ok := byInode.get(ino)
		if !ok {
			return
		}
		if s := &t.sockets[i]; s.PID == 0 {
			s.PID, s.FD = pid, fd
			unowned--
			hot[pid] = true
		} else {
			share(i, s, int32(pid), int32(fd))
		}
	}
	var cands []fdRef
	// With PIDs: which TCP sockets the processes hold, counted once each
	// by state: listed sockets by index, the others by inode.
	var held []bool
	var heldOther map[uint64]bool
	if o.PIDs != nil {
		held = make([]bool, len(t.sockets))
		heldOther = make(map[uint64]bool)
	}
	lastHot := -1
	for _, refs := range read.refs {
		for _, r := range refs {
			if len(queued) > 0 {
				ownQueued(r.pid, r.fd, r.ino)
			}
			if i, ok := byInode.get(r.ino); ok {
				s := &t.sockets[i]
				if s.PID == 0 {
					s.PID, s.FD = int(r.pid), int(r.fd)
					unowned--
					if int(r.pid) != lastHot {
						hot[int(r.pid)] = true
						lastHot = int(r.pid)
					}
				} else {
					share(i, s, r.pid, r.fd)
				}
				if held != nil && !held[i] {
					held[i] = true
					heldStates[s.State]++
				}
				continue
			}
			if t.inodes == nil {
				continue
			}
			if st, ok := t.inodes[r.ino]; ok {
				if heldOther != nil && !heldOther[r.ino] {
					heldOther[r.ino] = true
					heldStates[st]++
				}
			} else if o.Orphans {
				cands = append(cands, r)
			}
		}
	}
	for st, n := range heldStates {
		if n > 0 {
			snap.States[State(st)] += n
		}
	}
	sc.nfds = read.nfds
	snap.Denied = append(snap.Denied, read.denied...)

	// Other processes, known owners first, until every socket is owned.
	if (unowned > 0 || len(queued) > 0) && o.PIDs == nil {
		rest := slices.DeleteFunc(slices.Clone(t.ns.pids), func(pid int) bool { _, ok := read.nfds[pid]; return ok })
		slices.SortStableFunc(rest, func(a, b int) int {
			if sc.hot[a] == sc.hot[b] {
				return 0
			} else if sc.hot[a] {
				return -1
			}
			return 1
		})
		for _, pid := range rest {
			if unowned == 0 && len(queued) == 0 {
				break
			}
			_, err := sc.fds.scan(pid, func(fd int, ino uint64) bool {
				own(pid, fd, ino)
				return unowned > 0 || len(queued) > 0
			})
			if errors.Is(err, os.ErrPermission) {
				snap.Denied = append(snap.Denied, pid)
			}
		}
	}

	if len(cands) > 0 {
		sc.pending = append(sc.pending, orphanCands{t.ns, cands})
	}
	// Keep the wanted sockets in place; a first namespace's list becomes
	// the snapshot's without a copy.
	kept := t.sockets[:0]
	var last *Process
	for i := range t.sockets {
		s := &t.sockets[i]
		if o.PIDs != nil && s.PID == 0 {
			continue // not one of the wanted processes
		}
		if more, ok := extra[int32(i)]; ok {
			sc.setHolders(snap, s, more, t.ns.ino)
		}
		if s.PID != 0 {
			if last == nil || last.PID != s.PID {
				last = sc.process(snap, s.PID, t.ns.ino)
			}
			s.Command = last.Command
		}
		kept = append(kept, *s)
	}
	if snap.Sockets == nil {
		snap.Sockets = kept
	} else {
		snap.Sockets = append(snap.Sockets, kept...)
	}
}

// setHolders fills s.Holders from its owner and the other descriptors
// found holding it, sorted by PID and descriptor, and makes the first of
// them the owner, so that the owner does not depend on the order in
// which processes were read.
func (sc *Scanner) setHolders(snap *Snapshot, s *Socket, more []fdRef, ns uint64) {
	hs := make([]Holder, 0, 1+len(more))
	hs = append(hs, Holder{PID: s.PID, FD: s.FD})
	for _, r := range more {
		hs = append(hs, Holder{PID: int(r.pid), FD: int(r.fd)})
	}
	slices.SortFunc(hs, func(a, b Holder) int { return cmp.Or(cmp.Compare(a.PID, b.PID), cmp.Compare(a.FD, b.FD)) })
	hs = slices.Compact(hs)
	for i := range hs {
		hs[i].Command = sc.process(snap, hs[i].PID, ns).Command
	}
	s.PID, s.FD, s.Holders = hs[0].PID, hs[0].FD, hs
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

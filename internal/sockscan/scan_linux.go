package sockscan

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Scanner takes repeated snapshots with the same options. After its
// first scan it remembers which processes owned the reported sockets and
// orphans; later scans read those processes' descriptors fully but stop
// reading other processes as soon as every reported socket has an owner,
// and look for new orphans elsewhere only in every FullEvery'th scan.
type Scanner struct {
	Options   ScanOptions
	FullEvery int // full rescan period in scans; 0 means 10

	fds   *fdScanner
	n     int
	hot   map[int]bool // processes that owned reported sockets or orphans
	nfds  map[int]int  // descriptor counts of the processes read in full
	selfs uint64

	pending []orphanCands // this scan's orphan candidates, by namespace
}

// NewScanner returns a Scanner with the given options.
func NewScanner(opts ScanOptions) *Scanner {
	return &Scanner{Options: opts}
}

// Scan takes one snapshot of the sockets described by opts.
func Scan(opts ScanOptions) (*Snapshot, error) {
	return NewScanner(opts).Scan()
}

// Scan takes one snapshot.
func (sc *Scanner) Scan() (*Snapshot, error) {
	start := time.Now()
	o := &sc.Options
	if sc.fds == nil {
		sc.fds = newFDScanner()
		sc.selfs = netNS(os.Getpid())
	}
	every := sc.FullEvery
	if every <= 0 {
		every = 10
	}
	full := sc.n%every == 0 || sc.hot == nil
	sc.n++

	spaces, missing, nsDenied, err := sc.namespaces()
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{States: make(map[State]int), Outbound: make(map[State]int), Processes: make(map[int]*Process), Missing: missing, NamespaceDenied: nsDenied}
	newHot := make(map[int]bool)
	for _, ns := range spaces {
		var read *fdRead
		var t *table
		var err error
		if o.PIDs != nil {
			// Only the given processes' sockets are listed: read their
			// descriptors first, so as to keep only their sockets of
			// the dump rather than build and drop all the others.
			read = sc.readAllFDs(sc.fullPIDs(ns, full), socketCount(ns))
			held := read.inodes()
			t, err = readLiveTable(ns, tableRequest{wanted: o.states(), info: o.Info, keepInodes: true, procOnly: o.ProcOnly, keep: func(ino uint64) bool { return held[ino] }})
		} else {
			// Read the descriptors that must be read in full while the
			// kernel dumps the tables.
			done := make(chan struct{})
			go func() {
				defer close(done)
				read = sc.readAllFDs(sc.fullPIDs(ns, full), socketCount(ns))
			}()
			t, err = readLiveTable(ns, tableRequest{wanted: o.states(), info: o.Info, keepInodes: o.Orphans, procOnly: o.ProcOnly})
			<-done
		}
		if errors.Is(err, errNSGone) {
			continue // every process of the namespace exited meanwhile
		}
		if err != nil {
			return nil, err
		}
		snap.Namespaces++
		if t.fallback {
			snap.Fallback = append(snap.Fallback, ns.ino)
		}
		if o.Owners || o.Orphans || o.PIDs != nil {
			sc.resolve(t, read, snap, newHot)
		} else {
			snap.Sockets = append(snap.Sockets, t.sockets...)
		}
		for st, n := range t.outbound {
			snap.Outbound[st] += n
		}
		if o.PIDs == nil {
			for st, n := range t.states {
				snap.States[st] += n
			}
		}
	}
	// Confirming orphan candidates mostly waits (see settle): sort the
	// sockets meanwhile.
	confirmed := make(chan struct{})
	go func() {
		defer close(confirmed)
		sc.confirmOrphans(snap, newHot)
	}()
	sortSockets(snap.Sockets)
	<-confirmed
	sc.hot = newHot
	slices.SortFunc(snap.Orphaned, func(a, b Orphan) int {
		if a.PID != b.PID {
			return a.PID - b.PID
		}
		return a.FD - b.FD
	})
	slices.Sort(snap.Denied)
	snap.Denied = slices.Compact(snap.Denied)
	snap.Time = time.Now()
	snap.Duration = snap.Time.Sub(start)
	return snap, nil
}

// errNSGone means that every scanned process of a namespace exited during
// the scan, so that its tables can no longer be reached: the namespace is
// skipped, as if it had not been there.
var errNSGone = errors.New("every process of the network namespace exited")

// testHookBeforeTable, when set by a test, runs before each namespace's
// tables are read.
var testHookBeforeTable func(pids []int)

// readLiveTable is readTable for a namespace whose processes may exit
// while it is read: another namespace is reached through /proc/<pid> of
// one of its processes, so when that fails because the process exited,
// the next living process of the namespace is tried, and errNSGone is
// returned when none is left.
func readLiveTable(ns *netns, req tableRequest) (*table, error) {
	if testHookBeforeTable != nil {
		testHookBeforeTable(ns.pids)
	}
	for {
		t, err := readTable(ns, req)
		if err == nil || ns.self {
			return t, err
		}
		live := slices.DeleteFunc(slices.Clone(ns.pids), func(pid int) bool { return !processExists(pid) })
		if len(live) == len(ns.pids) {
			return nil, err // not because a process exited
		}
		if len(live) == 0 {
			return nil, errNSGone
		}
		ns.pids = live
	}
}

// compareSockets orders sockets by state, owner, local then remote endpoint.
func compareSockets(a, b *Socket) int {
	if a.State != b.State {
		return int(a.State) - int(b.State)
	}
	if a.PID != b.PID {
		return a.PID - b.PID
	}
	if c := a.Local.Compare(b.Local); c != 0 {
		return c
	}
	return a.Remote.Compare(b.Remote)
}

// namespaces groups the processes to scan by network namespace. Processes
// whose namespace cannot be read are counted in the scanner's own, and
// those that could not be read for lack of privileges are returned in
// denied. With ScanOptions.PIDs, it also returns those of the given
// processes that do not exist, and an error if none does.
func (sc *Scanner) namespaces() (spaces []*netns, missing, denied []int, err error) {
	o := &sc.Options
	self := &netns{ino: sc.selfs, self: true}
	needPIDs := o.Owners || o.Orphans || o.AllNamespaces || o.PIDs != nil
	if !needPIDs {
		return []*netns{self}, nil, nil, nil
	}
	pids := o.PIDs
	if pids == nil {
		if pids, err = listPIDs(); err != nil {
			return nil, nil, nil, err
		}
	} else {
		pids = slices.DeleteFunc(slices.Clone(pids), func(pid int) bool {
			if !processExists(pid) {
				missing = append(missing, pid)
				return true
			}
			return false
		})
	}
	byIno := map[uint64]*netns{sc.selfs: self}
	out := []*netns{self}
	for _, pid := range pids {
		ino := sc.selfs
		if o.AllNamespaces {
			i, err := netNSErr(pid)
			if i != 0 {
				ino = i
			} else if errors.Is(err, os.ErrPermission) {
				denied = append(denied, pid)
			}
		}
		ns := byIno[ino]
		if ns == nil {
			ns = &netns{ino: ino}
			byIno[ino] = ns
			out = append(out, ns)
		}
		ns.pids = append(ns.pids, pid)
	}
	if o.PIDs != nil && len(self.pids) == 0 {
		out = out[1:] // no wanted process lives in our namespace
	}
	if len(o.PIDs) > 0 && len(out) == 0 {
		return nil, missing, nil, fmt.Errorf("no process %s exists", joinInts(missing, ", "))
	}
	return out, missing, denied, nil
}

// joinInts spells ns separated by sep.
func joinInts(ns []int, sep string) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, sep)
}

// sortSockets sorts socks by compareSockets, moving each socket once:
// Sockets are large and sorting them in place is mostly copying. The
// order is found on indices, then applied by following its cycles.
func sortSockets(socks []Socket) {
	idx := make([]int32, len(socks))
	if !sortPacked(socks, idx) {
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortFunc(idx, func(a, b int32) int { return compareSockets(&socks[a], &socks[b]) })
	}
	// Position i must receive socks[idx[i]].
	for i := range idx {
		if idx[i] < 0 || int(idx[i]) == i {
			continue
		}
		tmp := socks[i]
		j := i
		for {
			k := int(idx[j])
			idx[j] = -1
			if k == i {
				socks[j] = tmp
				break
			}
			socks[j] = socks[k]
			j = k
		}
	}
}

// sortPacked fills idx with the order of socks by compareSockets when
// every socket is IPv4 and every PID below 1<<24, the common case, by
// sorting 128-bit keys that compare as compareSockets does. It reports
// false, leaving idx to the caller, otherwise.
func sortPacked(socks []Socket, idx []int32) bool {
	type packed struct {
		hi, lo uint64
		i      int32
	}
	keys := make([]packed, len(socks))
	for i := range socks {
		s := &socks[i]
		if !s.Local.Addr().Is4() || !s.Remote.Addr().Is4() || s.PID < 0 || s.PID >= 1<<24 {
			return false
		}
		l, r := s.Local.Addr().As4(), s.Remote.Addr().As4()
		keys[i] = packed{
			hi: uint64(s.State)<<56 | uint64(s.PID)<<32 | uint64(binary.BigEndian.Uint32(l[:])),
			lo: uint64(s.Local.Port())<<48 | uint64(binary.BigEndian.Uint32(r[:]))<<16 | uint64(s.Remote.Port()),
			i:  int32(i),
		}
	}
	slices.SortFunc(keys, func(a, b packed) int {
		if c := cmp.Compare(a.hi, b.hi); c != 0 {
			return c
		}
		return cmp.Compare(a.lo, b.lo)
	})
	for i := range keys {
		idx[i] = keys[i].i
	}
	return true
}

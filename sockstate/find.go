package sockstate

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// Find reports, as an error listing each socket, the CLOSE_WAIT sockets
// and orphaned TCP descriptors that the current process holds, retrying
// until none is left or the wait of MaxWait is over. It reads only the
// current process's descriptors. On systems other than Linux it returns
// an error wrapping ErrUnsupported.
//
// The garbage collector is off while Find retries, so that a socket that
// leaves CLOSE_WAIT was closed by the code, not by the finalizer that
// Go's net package sets on every connection. Sockets still there at the
// end are then split by a forced collection: those that its finalizers
// close were unreachable, and are reported as closed only by the garbage
// collector (the code never called Close); the others as still
// referenced. Both are leaks.
func Find(opts ...Option) error {
	o := buildOpts(opts)
	if o.err != nil {
		return o.err
	}
	if o.baselineErr != nil {
		return fmt.Errorf("sockstate: %w", o.baselineErr)
	}
	states := []sockscan.State{sockscan.CloseWait}
	if o.established != nil {
		states = append(states, sockscan.Established)
	}
	so := selfOptions(states)
	so.Orphans = !o.ignoreOrphans

	// Setting the percentage waits for a collection in progress to end, so
	// from here on only this function starts one.
	defer gcOff()()

	var left []problem
	deadline := time.Now().Add(o.maxWait)
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		snap, err := sockscan.Scan(so)
		if err != nil {
			return err
		}
		left = o.problems(snap)
		if len(left) == 0 {
			return nil
		}
		wait := time.Until(deadline)
		if wait <= 0 {
			break
		}
		time.Sleep(min(delay, wait))
	}
	collected, err := o.collect(so, left)
	if err != nil {
		return err
	}
	lines := make([]string, len(left))
	for i, p := range left {
		if p.inode == 0 {
			lines[i] = p.text // no file of its own: the collector has nothing to close
			continue
		}
		if collected[p.inode] {
			lines[i] = p.text + ": closed only by the garbage collector: the code never called Close"
		} else {
			lines[i] = p.text + ": still referenced"
		}
	}
	return fmt.Errorf("found unexpected sockets:\n%s", strings.Join(lines, "\n"))
}

// A problem is one socket or orphaned descriptor that Find reports.
type problem struct {
	inode uint64
	text  string
}

// problems describes each socket and orphan in snap that is not ignored.
func (o *verifyOpts) problems(snap *sockscan.Snapshot) []problem {
	var out []problem
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		if o.ignored(s) {
			continue
		}
		d := s.Direction
		if d == sockscan.Outbound && sockscan.AcceptedHere(s.FD, s.Inode) {
			// No listener on its port any more, but accepted all the same.
			d = sockscan.Inbound
		}
		dir := d.String()
		if dir == "" {
			dir = "direction unknown"
		}
		switch s.State {
		case sockscan.CloseWait:
			// A read that takes the last data takes a FIN that came with
			// it: Recv-Q at 0 does not mean that the code saw io.EOF.
			why := "all data read, not closed"
			if s.EOFUnread() {
				why = "EOF not read"
			}
			if s.Unaccepted {
				out = append(out, problem{0, fmt.Sprintf("tcp %s -> %s %s CLOSE_WAIT (never accepted: in the accept queue of the listener on fd %d, which is still open)", s.Local, s.Remote, dir, s.FD)})
				continue
			}
			out = append(out, problem{s.Inode, fmt.Sprintf("tcp %s -> %s %s CLOSE_WAIT fd %d (%s)", s.Local, s.Remote, dir, s.FD, why)})
		case sockscan.Established:
			switch {
			case s.Unaccepted:
				out = append(out, problem{0, fmt.Sprintf("tcp %s -> %s %s ESTABLISHED (never accepted: in the accept queue of the listener on fd %d, which is still open)", s.Local, s.Remote, dir, s.FD)})
			case !o.established[s.Inode]:
				out = append(out, problem{s.Inode, fmt.Sprintf("tcp %s -> %s %s ESTABLISHED fd %d (opened during the test, still open)", s.Local, s.Remote, dir, s.FD)})
			}
		}
	}
	for _, orph := range snap.Orphaned {
		if o.ignoreInodes[orph.Inode] {
			continue
		}
		out = append(out, problem{orph.Inode, fmt.Sprintf("tcp fd %d socket:[%d] orphaned: open but in no socket table (reset by the peer while leaked, or never connected)", orph.FD, orph.Inode)})
	}
	return out
}

// collect forces a garbage collection, lets the finalizers it queues run,
// and returns the inodes of the problems that the process no longer holds
// afterwards: their connections were unreachable.
func (o *verifyOpts) collect(so sockscan.ScanOptions, left []problem) (map[uint64]bool, error) {
	so.States = sockscan.AllStates()
	so.OrphanConfirm = -1
	gone := make(map[uint64]bool)
	deadline := time.Now().Add(time.Second)
	for round := 0; ; round++ {
		finalizersRan()
		snap, err := sockscan.Scan(so)
		if err != nil {
			return nil, err
		}
		held := make(map[uint64]bool)
		for _, s := range snap.Sockets {
			held[s.Inode] = true
		}
		for _, orph := range snap.Orphaned {
			held[orph.Inode] = true
		}
		for _, p := range left {
			if !held[p.inode] {
				gone[p.inode] = true
			}
		}
		// A finalizer closes its socket at once; a few rounds give finalizers
		// queued behind others, and those whose object needed a second
		// cycle, their turn.
		if len(gone) == len(left) || round >= 3 || time.Now().After(deadline) {
			return gone, nil
		}
	}
}

// finalizersRan forces a collection and waits, for 100ms at most, for the
// finalizer of an object that it found unreachable; the finalizers queued
// with it run on the same goroutine, around the same time. (The object is
// too large for the tiny allocator, whose objects may never be finalized.)
func finalizersRan() {
	done := make(chan struct{})
	runtime.SetFinalizer(new([64]byte), func(*[64]byte) { close(done) })
	runtime.GC()
	select {
	case <-done:
	case <-time.After(100 * time.Millisecond):
	}
}

// gcWindow counts the calls of Find that keep the garbage collector off:
// with t.Parallel several overlap, and the collector must be restored, to
// the percentage it had before the first, when the last one ends, in
// whatever order they end.
var gcWindow struct {
	sync.Mutex
	open    int
	percent int // the GOGC percentage before the first
}

// gcOff turns the garbage collector off until the returned function is
// called, and every other gcOff's too.
func gcOff() (restore func()) {
	gcWindow.Lock()
	if gcWindow.open == 0 {
		gcWindow.percent = debug.SetGCPercent(-1)
	}
	gcWindow.open++
	gcWindow.Unlock()
	return func() {
		gcWindow.Lock()
		defer gcWindow.Unlock()
		if gcWindow.open--; gcWindow.open == 0 {
			debug.SetGCPercent(gcWindow.percent)
		}
	}
}

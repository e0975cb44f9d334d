package sockscan

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// How a process's orphan candidates are confirmed (see settle).
const (
	// idleSpan is how long every thread of a process must stay asleep,
	// none of them scheduled, for the process to count as idle. It is
	// longer than the 10ms for which the Go runtime's sysmon sleeps at
	// most while a goroutine may be waiting for a thread.
	idleSpan = 20 * time.Millisecond
	// The threads are sampled every settlePoll at first, then less and
	// less often, up to every settlePollMax: an idle process is told at
	// once, and a busy one, which waits out the window, costs few reads.
	settlePoll    = 5 * time.Millisecond
	settlePollMax = 25 * time.Millisecond
	// settleCap bounds the wait, in units of OrphanConfirm, for a process
	// that is stopped or starved of CPU.
	settleCap = 5
)

// A verdict on one process's orphan candidates.
type verdict uint8

const (
	undecided verdict = iota
	confirmed         // the process had its chance to close them and did not
	starved           // it never had that chance: report them as unconfirmed
)

// settle decides, for each process holding orphan candidates, whether it
// has had its chance to close them. A connection reset a moment ago, or
// created and not yet connected, is in no table either, until the program
// reacts; a leaked one stays so. The process has had its chance when
//
//   - it is idle: all its threads asleep, none scheduled, for idleSpan
//     (the reset woke whichever thread watches the socket, so an idle
//     process has reacted to it); or
//   - window has passed and meanwhile it either ran on a CPU for at least
//     a quarter of the window or was not starved of one (its threads
//     waited for a CPU for less than twice the window in all: on a loaded
//     machine every process waits some), and none of its threads is
//     stopped.
//
// A process that is stopped, or so starved of CPU that neither holds
// within settleCap windows, may yet close the socket: its candidates are
// returned as starved. Without per-thread scheduler statistics
// (/proc/<pid>/task/<tid>/schedstat), the window alone decides.
func settle(pids []int, window time.Duration) map[int]verdict {
	type watch struct {
		base, idle *threadSample
		idleAt     time.Time
	}
	start := time.Now()
	watches := make(map[int]*watch, len(pids))
	out := make(map[int]verdict, len(pids))
	for _, pid := range pids {
		w := &watch{base: sampleThreads(pid)}
		if w.base != nil && w.base.asleep() {
			w.idle, w.idleAt = w.base, start
		}
		watches[pid] = w
	}
	for poll := settlePoll; len(watches) > 0; poll = min(poll*3/2, settlePollMax) {
		time.Sleep(min(poll, window))
		now := time.Now()
		for pid, w := range watches {
			s := sampleThreads(pid)
			v := undecided
			switch {
			case w.base == nil || s == nil: // no statistics, or the process exited
				if now.Sub(start) >= window {
					v = confirmed
				}
			case s.asleep():
				if w.idle == nil || !w.idle.sameRuns(s) {
					w.idle, w.idleAt = s, now
				} else if now.Sub(w.idleAt) >= idleSpan {
					v = confirmed
				}
			default:
				w.idle = nil
			}
			if v == undecided && s != nil && w.base != nil && now.Sub(start) >= window && !s.stopped() {
				if ran, waited := s.since(w.base); ran >= window/4 || waited <= 2*window {
					v = confirmed
				}
			}
			if v == undecided && now.Sub(start) >= settleCap*window {
				v = starved
			}
			if v != undecided {
				out[pid] = v
				delete(watches, pid)
			}
		}
	}
	return out
}

// A threadSample is the scheduler's view of a process's threads at one
// moment.
type threadSample struct {
	threads map[int]threadStat
}

type threadStat struct {
	state  byte   // R, S, D, T, t, ...: the third field of its stat
	runNS  uint64 // time spent on a CPU
	waitNS uint64 // time spent runnable, waiting for a CPU
	sliced uint64 // times it was scheduled
}

// sampleThreads reads the state and scheduler statistics of every thread
// of pid, or returns nil if they cannot be read.
func sampleThreads(pid int) *threadSample {
	dir := "/proc/" + strconv.Itoa(pid) + "/task/"
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		return nil
	}
	s := &threadSample{threads: make(map[int]threadStat, len(entries))}
	for _, e := range entries {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, ok := readThreadStat(dir + e.Name())
		if !ok {
			if _, err := os.Stat(dir + e.Name()); err == nil {
				return nil // there, but unreadable: no statistics
			}
			continue // exited meanwhile
		}
		s.threads[tid] = st
	}
	return s
}

// readThreadStat reads a thread's stat and schedstat files.
func readThreadStat(dir string) (threadStat, bool) {
	var ts threadStat
	stat, err := os.ReadFile(dir + "/stat")
	if err != nil {
		return ts, false
	}
	// "tid (comm) S ...": the command may hold spaces and parentheses.
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 || i+2 >= len(stat) {
		return ts, false
	}
	ts.state = stat[i+2]
	sched, err := os.ReadFile(dir + "/schedstat")
	if err != nil {
		return ts, false
	}
	f := bytes.Fields(sched)
	if len(f) < 3 {
		return ts, false
	}
	ts.runNS, _ = strconv.ParseUint(string(f[0]), 10, 64)
	ts.waitNS, _ = strconv.ParseUint(string(f[1]), 10, 64)
	ts.sliced, _ = strconv.ParseUint(string(f[2]), 10, 64)
	return ts, true
}

// asleep reports whether every thread is asleep, waiting for an event.
func (s *threadSample) asleep() bool {
	for _, t := range s.threads {
		if t.state != 'S' && t.state != 'I' {
			return false
		}
	}
	return true
}

// stopped reports whether a thread is stopped (by a signal or a tracer).
func (s *threadSample) stopped() bool {
	for _, t := range s.threads {
		if t.state == 'T' || t.state == 't' {
			return true
		}
	}
	return false
}

// sameRuns reports whether s and later have the same threads and none of
// them was scheduled in between.
func (s *threadSample) sameRuns(later *threadSample) bool {
	if len(s.threads) != len(later.threads) {
		return false
	}
	for tid, t := range s.threads {
		if l, ok := later.threads[tid]; !ok || l.sliced != t.sliced {
			return false
		}
	}
	return true
}

// since returns how long the threads of s ran on a CPU and waited for one
// since base, over the threads present in both.
func (s *threadSample) since(base *threadSample) (ran, waited time.Duration) {
	for tid, t := range s.threads {
		if b, ok := base.threads[tid]; ok {
			ran += time.Duration(t.runNS - min(b.runNS, t.runNS))
			waited += time.Duration(t.waitNS - min(b.waitNS, t.waitNS))
		} else {
			ran += time.Duration(t.runNS)
			waited += time.Duration(t.waitNS)
		}
	}
	return ran, waited
}

package gotrace

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// A Tracer follows the sockets that one process creates. It is not safe
// for concurrent use.
type Tracer struct {
	pid  int
	Exe  *Executable
	bias uint64 // load address minus link address (PIE)
	tag  uint32
	ring *Ring // owned by the Tracer when Start made it, else nil
	att  *attachment

	dialConn [2]uint64 // link-time range of (*Transport).dialConn, to recognize its dials

	// Sockets are the sockets the process created while traced, by socket
	// inode, the stacks holding link-time addresses (the load bias
	// removed). Closed ones are forgotten from time to time.
	Sockets    map[uint64]*Created
	interned   map[string]*Created // the same creations, shared by the sockets made alike
	pruned     time.Time           // when Sockets was last rid of closed ones
	forgot     time.Time           // when lastSent and dialingFor were last rid of old entries
	lastSent   map[uint64]sent     // *Transport -> the last request sent over it
	dialingFor map[uint64]dialing  // goroutine -> the *Transport its dialConn dials for
	Opened     int                 // TCP sockets created while tracing
	Events     int                 // events handled
}

// sent is the stack of a request and when it was sent.
type sent struct {
	stack []uint64
	at    time.Time
}

// dialing is the Transport a dialConn dials for, and when it began.
type dialing struct {
	transport uint64
	at        time.Time
}

// Start checks the process and its executable, and attaches the probes,
// with a ring buffer of its own; Run then follows the process.
func Start(pid int) (*Tracer, error) {
	if _, err := os.Stat(uprobeDir); err != nil {
		return nil, fmt.Errorf("the kernel has no uprobe support (no %s; it needs CONFIG_UPROBE_EVENTS)", uprobeDir)
	}
	exe, err := OpenExecutable(pid)
	if err != nil {
		return nil, err
	}
	ring, err := OpenRing()
	if err != nil {
		exe.Close()
		return nil, err
	}
	t, err := ring.Attach(pid, exe, 0)
	if err != nil {
		ring.Close()
		exe.Close()
		return nil, err
	}
	t.ring = ring
	return t, nil
}

// Attach attaches the probes to process pid, which runs exe, writing
// events tagged tag into r, and returns the Tracer to Handle them. The
// caller keeps exe open until it has closed the Tracer.
func (r *Ring) Attach(pid int, exe *Executable, tag uint32) (*Tracer, error) {
	offsets := make(map[string]uint64)
	for _, sym := range []string{symFDInit, symRoundTrip, symDialConn} {
		if off, ok := exe.fileOffset(sym); ok {
			offsets[sym] = off
		}
	}
	if _, ok := offsets[symFDInit]; !ok {
		return nil, noNetError{pid, exe.GoVersion}
	}
	now := time.Now()
	t := &Tracer{
		pid:        pid,
		Exe:        exe,
		tag:        tag,
		Sockets:    make(map[uint64]*Created),
		interned:   make(map[string]*Created),
		pruned:     now,
		forgot:     now,
		lastSent:   make(map[uint64]sent),
		dialingFor: make(map[uint64]dialing),
	}
	if fn := exe.table.LookupFunc(symDialConn); fn != nil {
		t.dialConn = [2]uint64{fn.Entry, fn.End}
	}
	if exe.pie {
		var err error
		if t.bias, err = loadBias(pid, exe.elf); err != nil {
			return nil, err
		}
	}
	var err error
	if t.att, err = r.attach(fmt.Sprintf("/proc/%d/exe", pid), pid, offsets, tag); err != nil {
		return nil, err
	}
	return t, nil
}

// ErrNoNet is what the error of Attach matches (errors.Is) when the
// program does not have Go's net package: it opens no sockets to follow.
var ErrNoNet = errors.New("no net package")

// noNetError words ErrNoNet for one process.
type noNetError struct {
	pid       int
	goVersion string
}

func (e noNetError) Error() string {
	return fmt.Sprintf("process %d (%s) has no %s: it opens no sockets through Go's net package", e.pid, e.goVersion, symFDInit)
}

func (e noNetError) Is(target error) bool { return target == ErrNoNet }

// PID returns the traced process's id.
func (t *Tracer) PID() int { return t.pid }

// Run records events until ctx is done or the deadline passes (a zero
// deadline: until ctx is done), then reads what the ring buffer still
// holds. It is for a Tracer made by Start.
func (t *Tracer) Run(ctx context.Context, deadline time.Time) error {
	for {
		wait := time.Now().Add(pollEvery)
		if !deadline.IsZero() && deadline.Before(wait) {
			wait = deadline
		}
		if ctx.Err() != nil || (!deadline.IsZero() && !time.Now().Before(deadline)) {
			wait = time.Now() // drain without waiting
		}
		ev, ok, err := t.ring.Next(wait)
		if err != nil {
			return err
		}
		if ok {
			t.Handle(ev)
			continue
		}
		if ctx.Err() != nil || (!deadline.IsZero() && !time.Now().Before(deadline)) {
			return nil
		}
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", t.pid)); err != nil {
			return fmt.Errorf("process %d exited while it was traced", t.pid)
		}
	}
}

// Handle records an event of the process. Within 50 ms of the socket's
// creation (the ring's polling period) it reads the descriptor's socket
// inode from /proc: a socket closed meanwhile is no leak (its site, for
// a TCP socket, is still one that opened a socket: see Creations), and a
// descriptor number reused meanwhile by a newer socket gets that socket's
// own event later, which corrects it.
func (t *Tracer) Handle(ev Event) {
	t.Events++
	for i := range ev.stack {
		ev.stack[i] -= t.bias
	}
	switch ev.kind {
	case evRoundTrip:
		t.lastSent[ev.arg] = sent{ev.stack, time.Now()}
	case evDialConn:
		t.dialingFor[ev.g] = dialing{ev.arg, time.Now()}
	case evFDInit:
		tcp := strings.HasPrefix(ev.net, "tcp")
		if ev.net != "" && !tcp {
			return // a file, a pipe, a unix or UDP socket
		}
		var request []uint64
		if d, ok := t.dialingFor[ev.g]; ok && t.inDialConn(ev.stack) {
			request = t.lastSent[d.transport].stack
		}
		var created *Created
		if tcp {
			t.Opened++
			// Its site opened a TCP socket, whether or not the socket
			// is still open when the event is read (a busy exporter
			// may read it after a quick close): the site is known.
			created = t.intern(ev.stack, request)
		}
		ino, ok := t.socketInode(int(ev.arg))
		if !ok {
			return // closed already, or not a socket
		}
		if ev.net == "" {
			t.Opened++ // net unreadable: counted if still a socket
			created = t.intern(ev.stack, request)
		}
		t.Sockets[ino] = created
		t.prune()
	}
	t.forget()
}

// intern returns the one Created value for a pair of stacks, so that a
// busy process's thousands of sockets opened at one line share theirs.
func (t *Tracer) intern(stack, request []uint64) *Created {
	key := make([]byte, 0, 8*(len(stack)+len(request)+1))
	for _, pc := range stack {
		key = binary.LittleEndian.AppendUint64(key, pc)
	}
	key = binary.LittleEndian.AppendUint64(key, 0)
	for _, pc := range request {
		key = binary.LittleEndian.AppendUint64(key, pc)
	}
	c, ok := t.interned[string(key)]
	if !ok {
		c = &Created{Stack: stack, Request: request}
		t.interned[string(key)] = c
	}
	return c
}

// Creations calls f with each distinct way the process created a socket
// while traced, whether or not the socket is still open.
func (t *Tracer) Creations(f func(*Created)) {
	for _, c := range t.interned {
		f(c)
	}
}

// Prune forgets the sockets the process no longer holds, as Handle does
// for a process that creates sockets, for one that has stopped to.
func (t *Tracer) Prune() { t.prune() }

// prune forgets, every 5 seconds once there are many, the sockets the
// process no longer holds, so that tracing a process that opens thousands
// of connections a second for hours keeps only the open ones.
func (t *Tracer) prune() {
	if len(t.Sockets) < 4096 || time.Since(t.pruned) < 5*time.Second {
		return
	}
	t.pruned = time.Now()
	dir := "/proc/" + strconv.Itoa(t.pid) + "/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	held := make(map[uint64]bool, len(entries))
	for _, e := range entries {
		if link, err := os.Readlink(dir + "/" + e.Name()); err == nil {
			if ino, ok := socketInode(link); ok {
				held[ino] = true
			}
		}
	}
	for ino := range t.Sockets {
		if !held[ino] {
			delete(t.Sockets, ino)
		}
	}
}

// forgetAfter is how long a request's stack waits for the Transport to
// dial for it, and a dialConn for its socket: far longer than any dial.
const forgetAfter = 5 * time.Minute

// forget drops, every minute, the requests and dials older than
// forgetAfter, so that a process that makes a Transport per request, or
// goroutines without end, does not grow them for ever.
func (t *Tracer) forget() {
	now := time.Now()
	if now.Sub(t.forgot) < time.Minute {
		return
	}
	t.forgot = now
	for tr, s := range t.lastSent {
		if now.Sub(s.at) > forgetAfter {
			delete(t.lastSent, tr)
		}
	}
	for g, d := range t.dialingFor {
		if now.Sub(d.at) > forgetAfter {
			delete(t.dialingFor, g)
		}
	}
}

// inDialConn reports whether a stack (of link-time addresses) passes
// through (*Transport).dialConn.
func (t *Tracer) inDialConn(stack []uint64) bool {
	for _, pc := range stack {
		if t.dialConn[0] <= pc && pc < t.dialConn[1] {
			return true
		}
	}
	return false
}

// socketInode returns the inode of the socket that descriptor fd of the
// process holds.
func (t *Tracer) socketInode(fd int) (uint64, bool) {
	link, err := os.Readlink("/proc/" + strconv.Itoa(t.pid) + "/fd/" + strconv.Itoa(fd))
	if err != nil {
		return 0, false
	}
	return socketInode(link)
}

// socketInode returns the inode of a descriptor link "socket:[123]".
func socketInode(link string) (uint64, bool) {
	rest, ok := strings.CutPrefix(link, "socket:[")
	if !ok {
		return 0, false
	}
	ino, err := strconv.ParseUint(strings.TrimSuffix(rest, "]"), 10, 64)
	return ino, err == nil
}

// Close detaches the probes. A Tracer made by Start also closes its ring
// buffer and its executable.
func (t *Tracer) Close() {
	t.att.close()
	if t.ring != nil {
		t.ring.Close()
		t.Exe.Close()
	}
}

package gotrace

import (
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// A Tracer follows the sockets that one process creates.
type Tracer struct {
	pid    int
	Exe    *Executable
	probes *probes

	dialConn [2]uint64 // link-time range of (*Transport).dialConn, to recognize its dials

	Sockets    map[uint64]*Created // by socket inode
	interned   map[string]*Created // the same creations, shared by the sockets made alike
	pruned     time.Time           // when sockets was last rid of closed ones
	lastSent   map[uint64][]uint64 // *Transport -> stack of the last request sent over it
	dialingFor map[uint64]uint64   // goroutine -> *Transport its dialConn dials for
	Opened     int                 // TCP sockets created while tracing
	events     int
}

// Start checks the process and its executable, and attaches the probes.
func Start(pid int) (*Tracer, error) {
	if _, err := os.Stat("/sys/bus/event_source/devices/uprobe"); err != nil {
		return nil, fmt.Errorf("the kernel has no uprobe support (no /sys/bus/event_source/devices/uprobe; it needs CONFIG_UPROBE_EVENTS)")
	}
	exe, err := openBinary(pid)
	if err != nil {
		return nil, err
	}
	offsets := make(map[string]uint64)
	for _, sym := range []string{symFDInit, symRoundTrip, symDialConn} {
		if off, ok := exe.fileOffset(sym); ok {
			offsets[sym] = off
		}
	}
	if _, ok := offsets[symFDInit]; !ok {
		exe.close()
		return nil, fmt.Errorf("process %d (%s) has no %s: it opens no sockets through Go's net package", pid, exe.GoVersion, symFDInit)
	}
	t := &Tracer{
		pid:        pid,
		Exe:        exe,
		Sockets:    make(map[uint64]*Created),
		interned:   make(map[string]*Created),
		pruned:     time.Now(),
		lastSent:   make(map[uint64][]uint64),
		dialingFor: make(map[uint64]uint64),
	}
	if fn := exe.table.LookupFunc(symDialConn); fn != nil {
		t.dialConn = [2]uint64{fn.Entry, fn.End}
	}
	if t.probes, err = attach(exe.path, pid, offsets); err != nil {
		exe.close()
		return nil, err
	}
	return t, nil
}

// run records events until ctx is done or the deadline passes (a zero
// deadline: until ctx is done), then reads what the ring buffer still
// holds.
func (t *Tracer) Run(ctx context.Context, deadline time.Time) error {
	for {
		wait := time.Now().Add(pollEvery)
		if !deadline.IsZero() && deadline.Before(wait) {
			wait = deadline
		}
		if ctx.Err() != nil || (!deadline.IsZero() && !time.Now().Before(deadline)) {
			wait = time.Now() // drain without waiting
		}
		ev, ok, err := t.probes.next(wait)
		if err != nil {
			return err
		}
		if ok {
			t.handle(ev)
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

func (t *Tracer) handle(ev event) {
	t.events++
	switch ev.kind {
	case evRoundTrip:
		t.lastSent[ev.arg] = ev.stack
	case evDialConn:
		t.dialingFor[ev.g] = ev.arg
	case evFDInit:
		tcp := strings.HasPrefix(ev.net, "tcp")
		if ev.net != "" && !tcp {
			return // a file, a pipe, a unix or UDP socket
		}
		if tcp {
			t.Opened++
		}
		ino, ok := t.socketInode(int(ev.arg))
		if !ok {
			return // closed already, or not a socket
		}
		if ev.net == "" {
			t.Opened++ // net unreadable: counted if still a socket
		}
		var request []uint64
		if tr, ok := t.dialingFor[ev.g]; ok && t.inDialConn(ev.stack) {
			request = t.lastSent[tr]
		}
		t.Sockets[ino] = t.intern(ev.stack, request)
		t.prune()
	}
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

// inDialConn reports whether a stack passes through (*Transport).dialConn.
func (t *Tracer) inDialConn(stack []uint64) bool {
	for _, pc := range stack {
		pc -= t.Exe.bias
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

func (t *Tracer) Close() {
	t.probes.close()
	t.Exe.close()
}

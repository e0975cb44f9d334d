package gotrace

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
	"github.com/cilium/ebpf/ringbuf"
	"golang.org/x/sys/unix"
)

// Event kinds, the low half of the first word of every record; the high
// half is the tag of the process's attachment.
const (
	evFDInit    = 1
	evRoundTrip = 2
	evDialConn  = 3
)

// Offsets into the kernel's struct pt_regs on x86-64, which a uprobe
// program gets as its context. Go's register ABI passes the receiver in
// RAX and keeps the current goroutine (g) in R14.
const (
	regR14 = 8
	regRBX = 40
	regRAX = 80
	regRCX = 88
	regSP  = 152
)

// fdSysfdOffset is the offset of Sysfd in internal/poll.FD, after the
// 16-byte fdMutex: the same in Go 1.21 to 1.26.
const fdSysfdOffset = 16

// The ring buffer holds ringSize bytes; past wakeAbove bytes waiting, each
// event wakes the reader, which otherwise polls every pollEvery.
const (
	ringSize  = 8 << 20
	wakeAbove = 2 << 20
	pollEvery = 50 * time.Millisecond
)

// maxFrames is how many user frames a record holds.
const maxFrames = 64

// A record is one event as the BPF program writes it to the ring buffer.
const (
	recKind   = 0  // u64: evFDInit, evRoundTrip or evDialConn, and the tag << 32
	recArg    = 8  // u64: the descriptor (evFDInit) or the *Transport
	recG      = 16 // u64: the goroutine, R14
	recRet    = 24 // u64: the return address at SP, the probed function's caller
	recStackN = 32 // s64: bytes of stack written, or a negative error
	recNet    = 40 // 8 bytes: the start of Init's net argument ("tcp", "tcp6", "file", …)
	recNetLen = 48 // u64: its length
	recStack  = 56 // maxFrames u64: user stack, innermost first
	recSize   = recStack + 8*maxFrames
)

// An Event is a decoded record.
type Event struct {
	// Tag is the tag of the attachment whose probe fired: which process.
	Tag   uint32
	kind  int
	arg   uint64
	g     uint64
	net   string   // Init's net argument, "" if it could not be read
	stack []uint64 // program counters, innermost first, the caller included
}

// program returns the instructions of the probe for one kind of event,
// which writes tag into its records, and counts in lost the events that
// found the ring full.
func program(kind int, tag uint32, events, lost *ebpf.Map) asm.Instructions {
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R6, asm.R1), // ctx
		asm.LoadMapPtr(asm.R1, events.FD()),
		asm.Mov.Imm(asm.R2, recSize),
		asm.Mov.Imm(asm.R3, 0),
		asm.FnRingbufReserve.Call(),
		asm.JEq.Imm(asm.R0, 0, "lost"),
		asm.Mov.Reg(asm.R7, asm.R0),
		asm.LoadImm(asm.R3, int64(kind)|int64(tag)<<32, asm.DWord),
		asm.StoreMem(asm.R7, recKind, asm.R3, asm.DWord),
	}
	if kind == evFDInit {
		// arg = fd.Sysfd, read from the *FD in RAX; net, the string in
		// RBX (pointer) and RCX (length), tells sockets from files.
		insns = append(insns,
			asm.LoadMem(asm.R3, asm.R6, regRAX, asm.DWord),
			asm.Add.Imm(asm.R3, fdSysfdOffset),
			asm.Mov.Reg(asm.R1, asm.R7),
			asm.Add.Imm(asm.R1, recArg),
			asm.Mov.Imm(asm.R2, 8),
			asm.FnProbeReadUser.Call(),
			asm.LoadMem(asm.R3, asm.R6, regRBX, asm.DWord),
			asm.Mov.Reg(asm.R1, asm.R7),
			asm.Add.Imm(asm.R1, recNet),
			asm.Mov.Imm(asm.R2, 8),
			asm.FnProbeReadUser.Call(),
			asm.LoadMem(asm.R3, asm.R6, regRCX, asm.DWord),
			asm.StoreMem(asm.R7, recNetLen, asm.R3, asm.DWord),
		)
	} else {
		// arg = the *Transport in RAX.
		insns = append(insns,
			asm.LoadMem(asm.R3, asm.R6, regRAX, asm.DWord),
			asm.StoreMem(asm.R7, recArg, asm.R3, asm.DWord),
			asm.Mov.Imm(asm.R3, 0),
			asm.StoreMem(asm.R7, recNetLen, asm.R3, asm.DWord),
		)
	}
	insns = append(insns,
		asm.LoadMem(asm.R3, asm.R6, regR14, asm.DWord),
		asm.StoreMem(asm.R7, recG, asm.R3, asm.DWord),
		// The return address at SP: at a function's first instruction the
		// frame-pointer walk of the kernel skips the caller.
		asm.LoadMem(asm.R3, asm.R6, regSP, asm.DWord),
		asm.Mov.Reg(asm.R1, asm.R7),
		asm.Add.Imm(asm.R1, recRet),
		asm.Mov.Imm(asm.R2, 8),
		asm.FnProbeReadUser.Call(),
		// The user stack, through frame pointers.
		asm.Mov.Reg(asm.R1, asm.R6),
		asm.Mov.Reg(asm.R2, asm.R7),
		asm.Add.Imm(asm.R2, recStack),
		asm.Mov.Imm(asm.R3, 8*maxFrames),
		asm.Mov.Imm(asm.R4, 1<<8), // BPF_F_USER_STACK
		asm.FnGetStack.Call(),
		asm.StoreMem(asm.R7, recStackN, asm.R0, asm.DWord),
		// Submit without waking the reader, which polls every pollEvery,
		// unless the ring is filling up: a wakeup per event costs the traced
		// process a context switch per socket.
		asm.LoadMapPtr(asm.R1, events.FD()),
		asm.Mov.Imm(asm.R2, 0), // BPF_RB_AVAIL_DATA
		asm.FnRingbufQuery.Call(),
		asm.Mov.Imm(asm.R2, 1), // BPF_RB_NO_WAKEUP
		asm.JLT.Imm(asm.R0, wakeAbove, "submit"),
		asm.Mov.Imm(asm.R2, 2), // BPF_RB_FORCE_WAKEUP
		asm.Mov.Reg(asm.R1, asm.R7).WithSymbol("submit"),
		asm.FnRingbufSubmit.Call(),
		asm.Ja.Label("exit"),
		// The ring is full: lost[0]++.
		asm.StoreImm(asm.RFP, -4, 0, asm.Word).WithSymbol("lost"),
		asm.Mov.Reg(asm.R2, asm.RFP),
		asm.Add.Imm(asm.R2, -4),
		asm.LoadMapPtr(asm.R1, lost.FD()),
		asm.FnMapLookupElem.Call(),
		asm.JEq.Imm(asm.R0, 0, "exit"),
		asm.Mov.Imm(asm.R1, 1),
		asm.StoreXAdd(asm.R0, asm.R1, asm.DWord),
		asm.Mov.Imm(asm.R0, 0).WithSymbol("exit"),
		asm.Return(),
	)
	return insns
}

// A Ring is the ring buffer that the probes write their events to, and
// its reader: one for all the processes traced, each attachment's events
// told apart by their tag.
type Ring struct {
	events *ebpf.Map
	lost   *ebpf.Map // one u64: the events that found the ring full
	reader *ringbuf.Reader
}

// OpenRing creates the ring buffer. It fails, with the reason worded for
// a user, where the kernel lacks uprobes or BPF ring buffers, or without
// the privileges to use them.
func OpenRing() (*Ring, error) {
	if _, err := os.Stat(uprobeDir); err != nil {
		return nil, fmt.Errorf("the kernel has no uprobe support (no %s; it needs CONFIG_UPROBE_EVENTS)", uprobeDir)
	}
	// Kernels before 5.11 count BPF memory against RLIMIT_MEMLOCK. (Not
	// through cilium/ebpf's rlimit package, whose initialization probes the
	// kernel at every start of closewait.)
	unix.Setrlimit(unix.RLIMIT_MEMLOCK, &unix.Rlimit{Cur: unix.RLIM_INFINITY, Max: unix.RLIM_INFINITY})
	r := &Ring{}
	var err error
	r.events, err = ebpf.NewMap(&ebpf.MapSpec{Name: "closewait_ev", Type: ebpf.RingBuf, MaxEntries: ringSize})
	if err != nil {
		return nil, bpfError("create the ring buffer", err)
	}
	r.lost, err = ebpf.NewMap(&ebpf.MapSpec{Name: "closewait_lost", Type: ebpf.Array, KeySize: 4, ValueSize: 8, MaxEntries: 1})
	if err != nil {
		r.events.Close()
		return nil, bpfError("create the lost-event counter", err)
	}
	r.reader, err = ringbuf.NewReader(r.events)
	if err != nil {
		r.events.Close()
		r.lost.Close()
		return nil, bpfError("read the ring buffer", err)
	}
	return r, nil
}

// Lost returns how many events found the ring full since it was opened:
// the sockets they were about are not attributed.
func (r *Ring) Lost() uint64 {
	var n uint64
	if err := r.lost.Lookup(uint32(0), &n); err != nil {
		return 0
	}
	return n
}

// Close closes the reader and the ring buffer; the attachments that
// write to it must be closed too.
func (r *Ring) Close() {
	r.reader.Close()
	r.events.Close()
	r.lost.Close()
}

// An attachment is the programs and uprobes of one process.
type attachment struct {
	progs []*ebpf.Program
	links []*uprobe
}

// attach loads the probes, which tag their events with tag, and attaches
// them to the functions at the given file offsets of exe, for process pid
// only. offsets maps a symbol to its file offset; a missing HTTP symbol
// (a program without net/http) is skipped.
func (r *Ring) attach(exe string, pid int, offsets map[string]uint64, tag uint32) (*attachment, error) {
	a := &attachment{}
	for _, pr := range []struct {
		sym  string
		kind int
	}{{symFDInit, evFDInit}, {symRoundTrip, evRoundTrip}, {symDialConn, evDialConn}} {
		off, ok := offsets[pr.sym]
		if !ok {
			continue
		}
		prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{
			Name:         "closewait_probe",
			Type:         ebpf.Kprobe,
			Instructions: program(pr.kind, tag, r.events, r.lost),
			License:      "Dual BSD/GPL",
		})
		if err != nil {
			a.close()
			return nil, bpfError("load the probe", err)
		}
		a.progs = append(a.progs, prog)
		l, err := openUprobe(exe, off, pid, prog)
		if err != nil {
			a.close()
			return nil, bpfError("attach a uprobe to "+pr.sym, err)
		}
		a.links = append(a.links, l)
	}
	return a, nil
}

func (a *attachment) close() {
	for _, l := range a.links {
		l.Close()
	}
	for _, prog := range a.progs {
		prog.Close()
	}
}

// bpfError words a failure to load or attach BPF for a user.
func bpfError(what string, err error) error {
	switch {
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("cannot %s: permission denied: run as root (or with CAP_SYS_ADMIN, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)", what)
	case errors.Is(err, ebpf.ErrNotSupported):
		return fmt.Errorf("cannot %s: the kernel does not support it (%v)", what, err)
	}
	return fmt.Errorf("cannot %s: %v", what, err)
}

// Next returns the next event, or false when the deadline passed (a zero
// deadline waits for ever) or the ring was closed.
func (r *Ring) Next(deadline time.Time) (Event, bool, error) {
	for {
		r.reader.SetDeadline(deadline)
		rec, err := r.reader.Read()
		if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, ringbuf.ErrClosed) {
			return Event{}, false, nil
		}
		if err != nil {
			return Event{}, false, err
		}
		if ev, ok := decode(rec.RawSample); ok {
			return ev, true, nil
		}
	}
}

// decode decodes a record; it reports false for a malformed one.
func decode(b []byte) (Event, bool) {
	if len(b) < recSize {
		return Event{}, false
	}
	le := binary.LittleEndian
	ev := Event{
		Tag:  le.Uint32(b[recKind+4:]),
		kind: int(le.Uint32(b[recKind:])),
		arg:  le.Uint64(b[recArg:]),
		g:    le.Uint64(b[recG:]),
	}
	if n := le.Uint64(b[recNetLen:]); n > 0 && n <= 8 {
		ev.net = string(b[recNet : recNet+n])
	}
	n := int64(le.Uint64(b[recStackN:]))
	if n < 8 {
		return ev, true // no stack: the kernel could not walk it
	}
	pcs := make([]uint64, 0, n/8+1)
	pcs = append(pcs, le.Uint64(b[recStack:]))
	if ret := le.Uint64(b[recRet:]); ret != 0 {
		pcs = append(pcs, ret)
	}
	for i := int64(1); i < n/8; i++ {
		pcs = append(pcs, le.Uint64(b[recStack+8*i:]))
	}
	ev.stack = pcs
	return ev, true
}

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

// Event kinds, the first word of every record.
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
	recKind   = 0  // u64: evFDInit, evRoundTrip or evDialConn
	recArg    = 8  // u64: the descriptor (evFDInit) or the *Transport
	recG      = 16 // u64: the goroutine, R14
	recRet    = 24 // u64: the return address at SP, the probed function's caller
	recStackN = 32 // s64: bytes of stack written, or a negative error
	recNet    = 40 // 8 bytes: the start of Init's net argument ("tcp", "tcp6", "file", …)
	recNetLen = 48 // u64: its length
	recStack  = 56 // maxFrames u64: user stack, innermost first
	recSize   = recStack + 8*maxFrames
)

// An event is a decoded record.
type event struct {
	kind  int
	arg   uint64
	g     uint64
	net   string   // Init's net argument, "" if it could not be read
	stack []uint64 // program counters, innermost first, the caller included
}

// program returns the instructions of the probe for one kind of event.
func program(kind int, events *ebpf.Map) asm.Instructions {
	insns := asm.Instructions{
		asm.Mov.Reg(asm.R6, asm.R1), // ctx
		asm.LoadMapPtr(asm.R1, events.FD()),
		asm.Mov.Imm(asm.R2, recSize),
		asm.Mov.Imm(asm.R3, 0),
		asm.FnRingbufReserve.Call(),
		asm.JEq.Imm(asm.R0, 0, "exit"),
		asm.Mov.Reg(asm.R7, asm.R0),
		asm.Mov.Imm(asm.R3, int32(kind)),
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
		asm.Mov.Imm(asm.R0, 0).WithSymbol("exit"),
		asm.Return(),
	)
	return insns
}

// probes are the loaded programs, their links and the ring buffer.
type probes struct {
	events *ebpf.Map
	progs  []*ebpf.Program
	links  []*uprobe
	reader *ringbuf.Reader
}

// attach loads the probes and attaches them to the functions at the given
// file offsets of exe, for process pid only. offsets maps a symbol to its
// file offset; a missing HTTP symbol (a program without net/http) is
// skipped.
func attach(exe string, pid int, offsets map[string]uint64) (*probes, error) {
	// Kernels before 5.11 count BPF memory against RLIMIT_MEMLOCK. (Not
	// through cilium/ebpf's rlimit package, whose initialization probes the
	// kernel at every start of closewait.)
	unix.Setrlimit(unix.RLIMIT_MEMLOCK, &unix.Rlimit{Cur: unix.RLIM_INFINITY, Max: unix.RLIM_INFINITY})
	p := &probes{}
	var err error
	p.events, err = ebpf.NewMap(&ebpf.MapSpec{Name: "closewait_ev", Type: ebpf.RingBuf, MaxEntries: ringSize})
	if err != nil {
		return nil, bpfError("create the ring buffer", err)
	}
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
			Instructions: program(pr.kind, p.events),
			License:      "Dual BSD/GPL",
		})
		if err != nil {
			p.close()
			return nil, bpfError("load the probe", err)
		}
		p.progs = append(p.progs, prog)
		l, err := openUprobe(exe, off, pid, prog)
		if err != nil {
			p.close()
			return nil, bpfError("attach a uprobe to "+pr.sym, err)
		}
		p.links = append(p.links, l)
	}
	p.reader, err = ringbuf.NewReader(p.events)
	if err != nil {
		p.close()
		return nil, bpfError("read the ring buffer", err)
	}
	return p, nil
}

// bpfError words a failure to load or attach BPF for a user.
func bpfError(what string, err error) error {
	switch {
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("cannot %s: permission denied: run as root (or with CAP_BPF, CAP_PERFMON and CAP_SYS_PTRACE)", what)
	case errors.Is(err, ebpf.ErrNotSupported):
		return fmt.Errorf("cannot %s: the kernel does not support it (%v)", what, err)
	}
	return fmt.Errorf("cannot %s: %v", what, err)
}

// next returns the next event, or false when the deadline passed (a zero
// deadline waits for ever) or the reader was closed.
func (p *probes) next(deadline time.Time) (event, bool, error) {
	for {
		p.reader.SetDeadline(deadline)
		rec, err := p.reader.Read()
		if errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, ringbuf.ErrClosed) {
			return event{}, false, nil
		}
		if err != nil {
			return event{}, false, err
		}
		if ev, ok := decode(rec.RawSample); ok {
			return ev, true, nil
		}
	}
}

// decode decodes a record; it reports false for a malformed one.
func decode(b []byte) (event, bool) {
	if len(b) < recSize {
		return event{}, false
	}
	le := binary.LittleEndian
	ev := event{
		kind: int(le.Uint64(b[recKind:])),
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

func (p *probes) close() {
	if p.reader != nil {
		p.reader.Close()
	}
	for _, l := range p.links {
		l.Close()
	}
	for _, prog := range p.progs {
		prog.Close()
	}
	if p.events != nil {
		p.events.Close()
	}
}

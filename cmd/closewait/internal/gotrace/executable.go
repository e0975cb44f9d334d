package gotrace

import (
	"bufio"
	"debug/buildinfo"
	"debug/dwarf"
	"debug/elf"
	"debug/gosym"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// The probed functions. All three exist, out of line, in binaries built
// by Go 1.21 to 1.26 (see the README): every socket of the net package,
// dialed or accepted, passes through (*FD).Init with its descriptor set;
// every HTTP client request through (*Transport).roundTrip; every
// connection a Transport dials through (*Transport).dialConn, on the
// goroutine that then dials.
const (
	symFDInit    = "internal/poll.(*FD).Init"
	symRoundTrip = "net/http.(*Transport).roundTrip"
	symDialConn  = "net/http.(*Transport).dialConn"
)

// ErrNotGo is what the error of OpenExecutable matches (errors.Is) when
// the process is not a Go program.
var ErrNotGo = errors.New("not a Go program")

// notGoError words ErrNotGo for one process.
type notGoError struct{ pid int }

func (e notGoError) Error() string {
	return fmt.Sprintf("process %d is not a Go program (no Go build information in its executable): trace follows the sockets of Go programs only", e.pid)
}

func (e notGoError) Is(target error) bool { return target == ErrNotGo }

// An Executable is the executable of a traced process, opened for its
// function addresses, its line tables and its build information. The
// processes that run one file can share it: what differs between them,
// the load address of a position-independent executable, is the
// Tracer's. Symbolizing reads it lazily: it is not safe for concurrent
// use.
type Executable struct {
	path      string // /proc/P/exe of the process it was opened for
	GoVersion string
	build     *debug.BuildInfo
	pie       bool // position-independent: loaded at an address of its own per process
	elf       *elf.File
	table     *gosym.Table // the pclntab: functions and lines, without inlining
	pclntab   []byte
	// The DWARF (nil when built with -ldflags=-w or -s) and the inlining
	// trees beside the line table (nil, with the reason, where their layout
	// is not known), each read the first time it is needed.
	dwarf                  *dwarf.Data
	inline                 *inlineTable
	inlineErr              error
	dwarfRead, inlineTried bool

	sections map[string][]byte // section data read so far
}

// OpenExecutable opens the executable of process pid and checks that it
// is a Go program this package can trace.
func OpenExecutable(pid int) (*Executable, error) {
	path := fmt.Sprintf("/proc/%d/exe", pid)
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err != nil {
		return nil, fmt.Errorf("no process %d", pid)
	}
	bi, err := buildinfo.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrPermission) && os.Geteuid() != 0 {
			return nil, fmt.Errorf("cannot read the executable of process %d: permission denied: run as root", pid)
		}
		if errors.Is(err, os.ErrPermission) || errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("cannot read the executable of process %d: %v", pid, err)
		}
		return nil, notGoError{pid}
	}
	f, err := elf.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the executable of process %d: %v", pid, err)
	}
	b := &Executable{path: path, GoVersion: bi.GoVersion, build: bi, pie: f.Type == elf.ET_DYN, elf: f, sections: make(map[string][]byte)}
	if f.Machine != elf.EM_X86_64 {
		f.Close()
		return nil, fmt.Errorf("process %d is a %s binary: trace reads the registers of x86-64 only", pid, f.Machine)
	}
	if err := b.loadTable(); err != nil {
		f.Close()
		return nil, err
	}
	return b, nil
}

// debugInfo returns the executable's DWARF, reading it the first time, or
// nil when it has none.
func (b *Executable) debugInfo() *dwarf.Data {
	if !b.dwarfRead {
		b.dwarfRead = true
		if d, err := b.elf.DWARF(); err == nil {
			b.dwarf = d
		}
	}
	return b.dwarf
}

// inlineTree returns the inlining trees of the line table, reading them
// the first time, or nil where their layout is not known.
func (b *Executable) inlineTree() *inlineTable {
	if !b.inlineTried {
		b.inlineTried = true
		b.inline, b.inlineErr = newInlineTable(b, b.pclntab)
	}
	return b.inline
}

// loadTable reads the Go line table (pclntab), which even a binary built
// with -ldflags=-s keeps: the runtime needs it for stack traces.
func (b *Executable) loadTable() error {
	var data []byte
	var err error
	if sec := pclntabSection(b.elf); sec != nil {
		data, err = sec.Data()
	} else {
		data, err = b.symbolData("runtime.pclntab", "runtime.epclntab")
	}
	if err != nil || len(data) == 0 {
		return fmt.Errorf("%s has no Go line table (.gopclntab): cannot map addresses to functions", b.path)
	}
	text := b.elf.Section(".text")
	if text == nil {
		return fmt.Errorf("%s has no .text section", b.path)
	}
	b.pclntab = data
	b.table, err = gosym.NewTable(nil, gosym.NewLineTable(data, text.Addr))
	if err != nil {
		return fmt.Errorf("cannot read the Go line table of %s: %v", b.path, err)
	}
	return nil
}

// pclntabSection returns the section of the line table: .gopclntab, or
// in position-independent executables of Go before 1.26,
// .data.rel.ro.gopclntab.
func pclntabSection(f *elf.File) *elf.Section {
	for _, name := range []string{".gopclntab", ".data.rel.ro.gopclntab"} {
		if sec := f.Section(name); sec != nil && sec.Type == elf.SHT_PROGBITS {
			return sec
		}
	}
	return nil
}

// symbolData returns the bytes between two symbols, for line tables that
// an external linker placed in another section.
func (b *Executable) symbolData(start, end string) ([]byte, error) {
	syms, err := b.elf.Symbols()
	if err != nil {
		return nil, err
	}
	var lo, hi uint64
	for _, s := range syms {
		switch s.Name {
		case start:
			lo = s.Value
		case end:
			hi = s.Value
		}
	}
	if lo == 0 || hi <= lo {
		return nil, errors.New("no line table symbols")
	}
	for _, sec := range b.elf.Sections {
		if sec.Addr <= lo && hi <= sec.Addr+sec.Size && sec.Type != elf.SHT_NOBITS {
			data, err := sec.Data()
			if err != nil {
				return nil, err
			}
			return data[lo-sec.Addr : hi-sec.Addr], nil
		}
	}
	return nil, errors.New("line table symbols outside any section")
}

// fileOffset returns the file offset of function name's entry, as uprobes
// want it, and whether the binary has the function.
func (b *Executable) fileOffset(name string) (uint64, bool) {
	fn := b.table.LookupFunc(name)
	if fn == nil {
		return 0, false
	}
	for _, p := range b.elf.Progs {
		if p.Type == elf.PT_LOAD && p.Flags&elf.PF_X != 0 && p.Vaddr <= fn.Entry && fn.Entry < p.Vaddr+p.Filesz {
			return fn.Entry - p.Vaddr + p.Off, true
		}
	}
	return 0, false
}

// loadBias returns how far the kernel loaded a position-independent
// executable from its link addresses, from its mappings in
// /proc/pid/maps.
func loadBias(pid int, f *elf.File) (uint64, error) {
	exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return 0, fmt.Errorf("cannot read the executable of process %d: %v", pid, err)
	}
	maps, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		return 0, fmt.Errorf("cannot read the mappings of process %d: %v", pid, err)
	}
	defer maps.Close()
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		// 55d0c0a00000-55d0c0b9c000 r-xp 00200000 fd:01 1234 /path/to/exe
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.Contains(fields[1], "x") || strings.Join(fields[5:], " ") != exe {
			continue
		}
		start, err1 := strconv.ParseUint(strings.Split(fields[0], "-")[0], 16, 64)
		off, err2 := strconv.ParseUint(fields[2], 16, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_LOAD && p.Off <= off && off < p.Off+p.Filesz {
				return start - (p.Vaddr + off - p.Off), nil
			}
		}
	}
	return 0, fmt.Errorf("cannot find the executable mapping of process %d in /proc/%d/maps", pid, pid)
}

// read returns n bytes at a link-time address of the executable's file
// data, or nil.
func (b *Executable) read(addr uint64, n int) []byte {
	for _, sec := range b.elf.Sections {
		if sec.Type != elf.SHT_PROGBITS || addr < sec.Addr || addr+uint64(n) > sec.Addr+sec.Size {
			continue
		}
		data, ok := b.sections[sec.Name]
		if !ok {
			data, _ = sec.Data()
			b.sections[sec.Name] = data
		}
		if off := addr - sec.Addr; off+uint64(n) <= uint64(len(data)) {
			return data[off : off+uint64(n)]
		}
	}
	return nil
}

// Close closes the executable's file.
func (b *Executable) Close() { b.elf.Close() }

// InlineError returns nil when the calls inlined into the program's
// functions can be expanded (from DWARF, or from the line table's inlining
// trees), and otherwise why they cannot: a site may then be a line of an
// inlined library function.
func (b *Executable) InlineError() error {
	if b.debugInfo() != nil || b.inlineTree() != nil {
		return nil
	}
	return b.inlineErr
}

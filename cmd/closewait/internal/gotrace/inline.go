package gotrace

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
)

// An inlineTable expands inlined calls from the Go line table (pclntab)
// and the inlining trees the compiler stores beside it, for binaries
// without DWARF (built with -ldflags=-w or -s), where debug/gosym alone
// knows only the function the code was compiled into. The layouts read
// here (pcHeader, _func, inlinedCall, moduledata up to gofunc) are those
// of Go 1.20 to 1.26, on 64-bit targets.
type inlineTable struct {
	exe      *Executable
	pcln     []byte // the pclntab, from its pcHeader
	text     uint64 // start of the text, to which function offsets are relative
	minLC    uint64 // instruction size quantum
	funcname []byte
	pctab    []byte
	functab  []byte // (entry offset, _func offset) pairs, then _func structs
	nfunc    int
	gofunc   uint64 // address of go:func.*, the base of funcdata offsets
}

// Indices of the inlining tables, from internal/abi.
const (
	pcdataInlTreeIndex = 2
	funcdataInlTree    = 3
)

// newInlineTable reads the tables; it fails on a layout it does not know.
func newInlineTable(exe *Executable, pcln []byte) (*inlineTable, error) {
	le := binary.LittleEndian
	if len(pcln) < 72 || le.Uint32(pcln) != 0xfffffff1 || pcln[7] != 8 {
		return nil, errors.New("not a Go 1.20+ 64-bit line table")
	}
	t := &inlineTable{exe: exe, pcln: pcln, minLC: uint64(pcln[6]), nfunc: int(le.Uint64(pcln[8:]))}
	field := func(at int) []byte {
		off := le.Uint64(pcln[at:])
		if off > uint64(len(pcln)) {
			return nil
		}
		return pcln[off:]
	}
	t.funcname, t.pctab, t.functab = field(32), field(56), field(64)
	if t.funcname == nil || t.pctab == nil || len(t.functab) < 8*(t.nfunc+1) {
		return nil, errors.New("line table offsets out of range")
	}
	text := exe.elf.Section(".text")
	if text == nil {
		return nil, errors.New("no .text section")
	}
	t.text = text.Addr
	var err error
	if t.gofunc, err = findGofunc(exe.elf, pcln, t.text); err != nil {
		return nil, err
	}
	return t, nil
}

// frames returns the frames at pc, the innermost inlined call first, or
// nil if pc is in no function.
func (t *inlineTable) frames(pc uint64) []Frame {
	fn, ok := t.funcAt(pc)
	if !ok {
		return nil
	}
	outer := t.exe.table.PCToFunc(pc)
	if outer == nil {
		return nil
	}
	var out []Frame
	for range 100 { // inlining is never deeper than that
		file, line, _ := t.exe.table.PCToLine(pc)
		idx := t.pcvalue(fn, pcdataInlTreeIndex, pc)
		if idx < 0 {
			return append(out, Frame{outer.Name, file, line})
		}
		call, ok := t.inlinedCall(fn, idx)
		if !ok {
			return append(out, Frame{outer.Name, file, line})
		}
		out = append(out, Frame{t.name(call.nameOff), file, line})
		pc = outer.Entry + uint64(call.parentPC)
	}
	return out
}

// funcAt returns the _func of the function holding pc.
func (t *inlineTable) funcAt(pc uint64) ([]byte, bool) {
	le := binary.LittleEndian
	if pc < t.text {
		return nil, false
	}
	off := pc - t.text
	// The first entry that starts after off; the one before holds pc.
	lo, hi := 0, t.nfunc
	for lo < hi {
		mid := (lo + hi) / 2
		if uint64(le.Uint32(t.functab[8*mid:])) <= off {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == 0 {
		return nil, false
	}
	funcoff := le.Uint32(t.functab[8*(lo-1)+4:])
	if uint64(funcoff)+44 > uint64(len(t.functab)) {
		return nil, false
	}
	return t.functab[funcoff:], true
}

// pcvalue decodes table of fn at pc, as the runtime's pcvalue does; -1
// when fn has no such table.
func (t *inlineTable) pcvalue(fn []byte, table int, target uint64) int32 {
	le := binary.LittleEndian
	npcdata := int(le.Uint32(fn[28:]))
	if table >= npcdata || len(fn) < 44+4*npcdata {
		return -1
	}
	off := le.Uint32(fn[44+4*table:])
	if off == 0 || uint64(off) >= uint64(len(t.pctab)) {
		return -1
	}
	p := t.pctab[off:]
	entry := t.text + uint64(le.Uint32(fn))
	pc, val := entry, int32(-1)
	for first := true; ; first = false {
		uvdelta, n := binary.Uvarint(p)
		if n <= 0 || (uvdelta == 0 && !first) {
			return -1
		}
		p = p[n:]
		val += int32(-(uint32(uvdelta) & 1) ^ (uint32(uvdelta) >> 1))
		pcdelta, n := binary.Uvarint(p)
		if n <= 0 {
			return -1
		}
		p = p[n:]
		pc += pcdelta * t.minLC
		if target < pc {
			return val
		}
	}
}

// An inlinedCall is an entry of an inlining tree.
type inlinedCall struct {
	nameOff  int32
	parentPC int32
}

func (t *inlineTable) inlinedCall(fn []byte, idx int32) (inlinedCall, bool) {
	le := binary.LittleEndian
	npcdata, nfuncdata := int(le.Uint32(fn[28:])), int(fn[43])
	at := 44 + 4*npcdata + 4*funcdataInlTree
	if funcdataInlTree >= nfuncdata || len(fn) < at+4 {
		return inlinedCall{}, false
	}
	off := le.Uint32(fn[at:])
	if off == ^uint32(0) {
		return inlinedCall{}, false
	}
	b := t.exe.read(t.gofunc+uint64(off)+16*uint64(idx), 16)
	if b == nil {
		return inlinedCall{}, false
	}
	return inlinedCall{nameOff: int32(le.Uint32(b[4:])), parentPC: int32(le.Uint32(b[8:]))}, true
}

func (t *inlineTable) name(off int32) string {
	if off < 0 || int(off) >= len(t.funcname) {
		return "?"
	}
	b := t.funcname[off:]
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}

// findGofunc finds the address of go:func.*: from the symbol table if the
// binary has one, else from the runtime's moduledata, the one structure
// that points at the line table, whose gofunc field follows at a fixed
// offset. In a position-independent executable the pointers of moduledata
// are zero in the file and set by R_X86_64_RELATIVE relocations, whose
// addends hold them.
func findGofunc(f *elf.File, pcln []byte, text uint64) (uint64, error) {
	if syms, err := f.Symbols(); err == nil {
		for _, s := range syms {
			if s.Name == "go:func.*" {
				return s.Value, nil
			}
		}
	}
	const (
		offText   = 176
		offGofunc = 320
	)
	sec := pclntabSection(f)
	if sec == nil {
		return 0, errors.New("no .gopclntab section")
	}
	pclnAddr := sec.Addr
	le := binary.LittleEndian
	// A moduledata in the file's data.
	for _, sec := range f.Sections {
		if sec.Type != elf.SHT_PROGBITS || sec.Flags&elf.SHF_WRITE == 0 {
			continue
		}
		data, err := sec.Data()
		if err != nil {
			continue
		}
		for i := 0; i+offGofunc+8 <= len(data); i += 8 {
			if le.Uint64(data[i:]) == pclnAddr && le.Uint64(data[i+offText:]) == text {
				return le.Uint64(data[i+offGofunc:]), nil
			}
		}
	}
	// A moduledata filled in by relocations (.rela.dyn; .rela before Go 1.26).
	addends := make(map[uint64]uint64) // where -> value, of R_X86_64_RELATIVE
	var md []uint64
	for _, rela := range f.Sections {
		if rela.Type != elf.SHT_RELA || rela.Name == ".rela.plt" {
			continue
		}
		data, err := rela.Data()
		if err != nil {
			return 0, err
		}
		for i := 0; i+24 <= len(data); i += 24 {
			if elf.R_X86_64(le.Uint64(data[i+8:])&0xffffffff) != elf.R_X86_64_RELATIVE {
				continue
			}
			where, addend := le.Uint64(data[i:]), le.Uint64(data[i+16:])
			addends[where] = addend
			if addend == pclnAddr {
				md = append(md, where)
			}
		}
	}
	for _, m := range md {
		if addends[m+offText] == text {
			if g, ok := addends[m+offGofunc]; ok {
				return g, nil
			}
		}
	}
	return 0, errors.New("cannot find the runtime's moduledata")
}

package gotrace

import (
	"debug/dwarf"
	"slices"
)

// A Frame is one function in a call stack, inlined or not.
type Frame struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// A Symbolizer turns the program counters of an executable into frames,
// remembering each answer. It is not safe for concurrent use, nor are
// two Symbolizers of one Executable.
type Symbolizer struct {
	exe            *Executable
	lineTableFirst bool
	cache          map[uint64][]Frame
	names          map[dwarf.Offset]string // abstract function names, by DWARF offset
}

// NewSymbolizer returns a Symbolizer that expands inlined calls from the
// executable's DWARF, or, without DWARF, from the inlining trees of its
// line table.
func NewSymbolizer(exe *Executable) *Symbolizer {
	return &Symbolizer{exe: exe, cache: make(map[uint64][]Frame), names: make(map[dwarf.Offset]string)}
}

// NewCompactSymbolizer returns a Symbolizer that expands inlined calls
// from the inlining trees of the line table, which the process keeps in
// memory anyway, and reads the DWARF only where they fail (a Go release
// whose layout is not known): the same frames, without holding the DWARF
// of every executable traced (tens of megabytes for a large program).
func NewCompactSymbolizer(exe *Executable) *Symbolizer {
	s := NewSymbolizer(exe)
	s.lineTableFirst = true
	return s
}

// Stack returns the frames of a stack of link-time program counters (as
// a Tracer records them), innermost first. The first is where the probe
// fired; the others are return addresses, looked up one byte earlier, in
// the call instruction.
func (s *Symbolizer) Stack(pcs []uint64) []Frame {
	var out []Frame
	for i, pc := range pcs {
		if i > 0 {
			pc--
		}
		out = append(out, s.frames(pc)...)
	}
	return out
}

// frames returns the frames of one link-time address, the functions
// inlined there first.
func (s *Symbolizer) frames(pc uint64) []Frame {
	if fs, ok := s.cache[pc]; ok {
		return fs
	}
	var fs []Frame
	if s.lineTableFirst {
		if t := s.exe.inlineTree(); t != nil {
			fs = t.frames(pc)
		}
		if fs == nil && s.exe.debugInfo() != nil {
			fs = s.dwarfFrames(pc)
		}
	} else if s.exe.debugInfo() != nil {
		fs = s.dwarfFrames(pc)
	} else if t := s.exe.inlineTree(); t != nil {
		fs = t.frames(pc)
	}
	if fs == nil {
		// Without DWARF the line table knows the function the code was
		// compiled into and the line it came from, which for inlined code
		// is a line of the inlined function.
		file, line, fn := s.exe.table.PCToLine(pc)
		if fn != nil {
			fs = []Frame{{fn.Name, file, line}}
		}
	}
	s.cache[pc] = fs
	return fs
}

// dwarfFrames expands the inlined calls at pc from the DWARF of its
// compilation unit: the subprogram holding pc, and the chain of
// DW_TAG_inlined_subroutine entries within it that cover pc.
func (s *Symbolizer) dwarfFrames(pc uint64) []Frame {
	d := s.exe.dwarf
	r := d.Reader()
	cu, err := r.SeekPC(pc)
	if err != nil {
		return nil
	}
	lr, err := d.LineReader(cu)
	if err != nil || lr == nil {
		return nil
	}
	var le dwarf.LineEntry
	if err := lr.SeekPC(pc, &le); err != nil {
		return nil
	}
	files := lr.Files()
	// chain holds the subprogram, then each inlined call within it, outermost first.
	chain := s.covering(r, pc, nil)
	if len(chain) == 0 {
		return nil
	}
	fs := make([]Frame, len(chain))
	file, line := "", le.Line
	if le.File != nil {
		file = le.File.Name
	}
	// Innermost first: each inlined call's position is in its parent.
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		fs[len(chain)-1-i] = Frame{Function: s.name(e), File: file, Line: line}
		if e.Tag == dwarf.TagInlinedSubroutine {
			file, line = "", 0
			if idx, ok := e.Val(dwarf.AttrCallFile).(int64); ok && idx >= 0 && int(idx) < len(files) && files[idx] != nil {
				file = files[idx].Name
			}
			if l, ok := e.Val(dwarf.AttrCallLine).(int64); ok {
				line = int(l)
			}
		}
	}
	return slices.Clip(fs)
}

// name returns the function name of a subprogram or inlined call, which
// may be on its abstract origin.
func (s *Symbolizer) name(e *dwarf.Entry) string {
	if n, ok := e.Val(dwarf.AttrName).(string); ok {
		return n
	}
	off, ok := e.Val(dwarf.AttrAbstractOrigin).(dwarf.Offset)
	if !ok {
		return "?"
	}
	if n, ok := s.names[off]; ok {
		return n
	}
	r := s.exe.dwarf.Reader()
	r.Seek(off)
	n := "?"
	if ae, err := r.Next(); err == nil && ae != nil {
		if v, ok := ae.Val(dwarf.AttrName).(string); ok {
			n = v
		}
	}
	s.names[off] = n
	return n
}

// covering reads the entries of one level of the tree at r and, below the
// one that covers pc, the next levels, and returns chain extended with the
// subprogram and inlined calls that cover pc. Lexical blocks are looked
// through. Only one entry of a level can cover pc, so the siblings after
// it are never read.
func (s *Symbolizer) covering(r *dwarf.Reader, pc uint64, chain []*dwarf.Entry) []*dwarf.Entry {
	for {
		e, err := r.Next()
		if err != nil || e == nil || e.Tag == 0 {
			return chain
		}
		if !s.covers(e, pc) {
			if e.Children {
				r.SkipChildren()
			}
			continue
		}
		if e.Tag != dwarf.TagLexDwarfBlock {
			chain = append(chain, e)
		}
		if e.Children {
			return s.covering(r, pc, chain)
		}
		return chain
	}
}

// covers reports whether e is a function, inlined call or block whose
// code ranges hold pc.
func (s *Symbolizer) covers(e *dwarf.Entry, pc uint64) bool {
	switch e.Tag {
	case dwarf.TagSubprogram, dwarf.TagInlinedSubroutine, dwarf.TagLexDwarfBlock:
	default:
		return false
	}
	rs, err := s.exe.dwarf.Ranges(e)
	if err != nil {
		return false
	}
	for _, rg := range rs {
		if rg[0] <= pc && pc < rg[1] {
			return true
		}
	}
	return false
}

package main

import (
	"bytes"
	"fmt"
	"strings"
)

// mutate returns src with m's statement removed from line m.Removed, or
// replaced by m.Stub. The line keeps its place (it becomes blank or the
// stub), so every other line keeps its number. It fails when the line
// does not hold the statement exactly once: the mutant does not match
// this version of the file.
func mutate(src []byte, m *Mutant) ([]byte, error) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	if m.Removed > len(lines) {
		return nil, fmt.Errorf("%s: line %d: the file has %d lines", m.File, m.Removed, len(lines))
	}
	line := string(lines[m.Removed-1])
	if n := strings.Count(line, m.Stmt); n != 1 {
		return nil, fmt.Errorf("%s:%d: %q occurs %d times in %q, want once", m.File, m.Removed, m.Stmt, n, strings.TrimSpace(line))
	}
	lines[m.Removed-1] = []byte(strings.Replace(line, m.Stmt, m.Stub, 1))
	return bytes.Join(lines, nil), nil
}

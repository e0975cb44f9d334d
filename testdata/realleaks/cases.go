package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A Case is one leak that a public Go project fixed: the function of a
// module that leaks at the bad version and no longer leaks at the good one.
// Its fields are the columns of a case file, in order (see README.md).
type Case struct {
	ID      string
	Kind    string // conn, body or listener
	Module  string // module path
	Bad     string // a version with the leak
	Good    string // a version with the fix
	Package string // import path of the package holding the leak
	File    string // file holding Func, relative to the module root
	Func    string // Name, (*T).Name or (T).Name
	Line    int    // line of the acquisition at Bad
	Path    string // read-eof, error, always or branch
	Source  string // URL of the fix
	Note    string
	// Exits lists the lines (at Bad) of the exits that leak, the return or
	// continue that the upstream fix closes, from the optional 13th column;
	// nil when the column is absent or "-" (never closed anywhere).
	Exits []int

	Pos string // file:line of the case in its case file
}

// numColumns is the number of tab-separated columns of a case line; a
// line may have one more, exits (see README.md).
const numColumns = 12

// passOf maps a case kind to the closewait pass that must report it.
var passOf = map[string]string{
	"conn":     "connleak",
	"body":     "bodyleak",
	"listener": "listenerleak",
}

// kinds lists the case kinds in the order of the summary.
var kinds = []string{"conn", "body", "listener"}

// paths are the known values of the path column.
var paths = []string{"read-eof", "error", "always", "branch"}

// funcRx matches the func column: Name, (*T).Name or (T).Name, the
// receiver type optionally with type parameters, (*T[K, V]).Name.
var funcRx = regexp.MustCompile(`^(?:\((\*?)([A-Za-z_]\w*)(?:\[[\w, ]*\])?\)\.)?([A-Za-z_]\w*)$`)

// loadCases reads the case files dir/*.tsv but pins.tsv, in name order.
// It fails on the first malformed line, naming it as file:line, and on a
// duplicate id.
func loadCases(dir string) ([]*Case, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	files = slices.DeleteFunc(files, func(name string) bool { return filepath.Base(name) == pinsFile })
	if len(files) == 0 {
		return nil, fmt.Errorf("no case files (*.tsv) in %s", dir)
	}
	var all []*Case
	seen := make(map[string]string) // id -> position
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		cs, err := parseCases(name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		for _, c := range cs {
			if prev, ok := seen[c.ID]; ok {
				return nil, fmt.Errorf("%s: duplicate id %s (first at %s)", c.Pos, c.ID, prev)
			}
			seen[c.ID] = c.Pos
		}
		all = append(all, cs...)
	}
	return all, nil
}

// parseCases parses one case file; name is used in error messages.
func parseCases(name string, r io.Reader) ([]*Case, error) {
	var cs []*Case
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		pos := fmt.Sprintf("%s:%d", name, n)
		c, err := parseCase(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", pos, err)
		}
		c.Pos = pos
		cs = append(cs, c)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return cs, nil
}

// parseCase parses and checks the columns of one case line.
func parseCase(line string) (*Case, error) {
	f := strings.Split(line, "\t")
	if len(f) != numColumns && len(f) != numColumns+1 {
		return nil, fmt.Errorf("%d columns, want %d or %d (tab-separated: id kind module bad good package file func line path source note [exits])", len(f), numColumns, numColumns+1)
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	c := &Case{
		ID: f[0], Kind: f[1], Module: f[2], Bad: f[3], Good: f[4], Package: f[5],
		File: f[6], Func: f[7], Path: f[9], Source: f[10], Note: f[11],
	}
	for i, name := range []string{"id", "kind", "module", "bad", "good", "package", "file", "func", "line", "path"} {
		if f[i] == "" {
			return nil, fmt.Errorf("empty %s column", name)
		}
	}
	if _, ok := passOf[c.Kind]; !ok {
		return nil, fmt.Errorf("unknown kind %q (want conn, body or listener)", c.Kind)
	}
	if !slices.Contains(paths, c.Path) {
		return nil, fmt.Errorf("unknown path kind %q (want %s)", c.Path, strings.Join(paths, ", "))
	}
	n, err := strconv.Atoi(f[8])
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("line %q is not a positive number", f[8])
	}
	c.Line = n
	if len(f) > numColumns {
		if c.Exits, err = parseExits(f[numColumns]); err != nil {
			return nil, err
		}
	}
	if c.Bad == c.Good {
		return nil, fmt.Errorf("bad and good are the same version %s", c.Bad)
	}
	if c.Package != c.Module && !strings.HasPrefix(c.Package, c.Module+"/") {
		return nil, fmt.Errorf("package %s is not in module %s", c.Package, c.Module)
	}
	if !strings.HasSuffix(c.File, ".go") || strings.HasSuffix(c.File, "_test.go") ||
		filepath.IsAbs(c.File) || strings.Contains(c.File, "\\") || strings.HasPrefix(filepath.Clean(c.File), "..") {
		return nil, fmt.Errorf("file %q is not a non-test .go file relative to the module root", c.File)
	}
	if !funcRx.MatchString(c.Func) {
		return nil, fmt.Errorf("func %q is not Name, (*T).Name or (T).Name", c.Func)
	}
	return c, nil
}

// parseExits parses the exits column: "-", or line numbers separated by
// commas, each positive and none repeated.
func parseExits(s string) ([]int, error) {
	switch s {
	case "":
		return nil, fmt.Errorf("empty exits column (want line numbers or -)")
	case "-":
		return nil, nil
	}
	var exits []int
	for _, e := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(e))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("exits %q: %q is not a positive number", s, e)
		}
		if slices.Contains(exits, n) {
			return nil, fmt.Errorf("exits %q: line %d twice", s, n)
		}
		exits = append(exits, n)
	}
	return exits, nil
}

package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// A Mutant is one closing statement removed from a real function of the
// corpus, where its removal leaks the resource. Its fields are the
// columns of mutants.tsv, in order (see README.md).
type Mutant struct {
	ID      string
	Kind    string // conn, body or listener
	Source  string // table, helper, interface or funcvalue
	Class   string // defer, errbranch or return
	Module  string
	Version string
	Package string
	File    string // relative to the module root
	Func    string // Name, (*T).Name or (T).Name
	Acq     int    // line of the acquiring call
	Removed int    // line of the removed statement
	Stmt    string // the removed statement, as written
	Stub    string // what replaces it ("" or "_ = x", when x has no other use)
	Callee  string // the acquiring call's function, as written
	Why     string // why the removal leaks

	Pos string // file:line in mutants.tsv
}

// numColumns is the number of tab-separated columns of a mutant line.
const numColumns = 15

// The values of the enumerated columns, in the order of the tables.
var (
	kinds   = []string{"conn", "body", "listener"}
	sources = []string{"table", "helper", "interface", "funcvalue"}
	classes = []string{"defer", "errbranch", "return"}
)

// passOf maps a kind to the closewait pass that must report it.
var passOf = map[string]string{"conn": "connleak", "body": "bodyleak", "listener": "listenerleak"}

var (
	idRx   = regexp.MustCompile(`^(conn|body|listener)-[a-z0-9.-]+-[0-9]+$`)
	funcRx = regexp.MustCompile(`^(?:\((\*?)([A-Za-z_]\w*)\)\.)?([A-Za-z_]\w*)$`)
	stubRx = regexp.MustCompile(`^_ = [A-Za-z_]\w*$`)
)

// loadMutants reads a mutant file. It fails on the first malformed line,
// naming it as file:line.
func loadMutants(name string) ([]*Mutant, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseMutants(name, f)
}

// parseMutants parses the lines of a mutant file; name is for errors.
func parseMutants(name string, r io.Reader) ([]*Mutant, error) {
	var ms []*Mutant
	seen := make(map[string]string)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pos := fmt.Sprintf("%s:%d", name, n)
		m, err := parseMutant(strings.Split(line, "\t"))
		if err != nil {
			return nil, fmt.Errorf("%s: %v", pos, err)
		}
		m.Pos = pos
		if prev, ok := seen[m.ID]; ok {
			return nil, fmt.Errorf("%s: duplicate id %s (first at %s)", pos, m.ID, prev)
		}
		seen[m.ID] = pos
		ms = append(ms, m)
	}
	return ms, sc.Err()
}

// parseMutant checks and converts the columns of one line.
func parseMutant(cols []string) (*Mutant, error) {
	if len(cols) != numColumns {
		return nil, fmt.Errorf("%d columns, want %d", len(cols), numColumns)
	}
	m := &Mutant{
		ID: cols[0], Kind: cols[1], Source: cols[2], Class: cols[3],
		Module: cols[4], Version: cols[5], Package: cols[6], File: cols[7], Func: cols[8],
		Stmt: cols[11], Stub: cols[12], Callee: cols[13], Why: cols[14],
	}
	var err1, err2 error
	m.Acq, err1 = strconv.Atoi(cols[9])
	m.Removed, err2 = strconv.Atoi(cols[10])
	switch {
	case !idRx.MatchString(m.ID):
		return nil, fmt.Errorf("id %q is not KIND-NAME-N", m.ID)
	case !slices.Contains(kinds, m.Kind):
		return nil, fmt.Errorf("kind %q: want one of %s", m.Kind, strings.Join(kinds, ", "))
	case !strings.HasPrefix(m.ID, m.Kind+"-"):
		return nil, fmt.Errorf("id %s does not start with its kind %s", m.ID, m.Kind)
	case !slices.Contains(sources, m.Source):
		return nil, fmt.Errorf("source %q: want one of %s", m.Source, strings.Join(sources, ", "))
	case !slices.Contains(classes, m.Class):
		return nil, fmt.Errorf("class %q: want one of %s", m.Class, strings.Join(classes, ", "))
	case m.Module == "" || m.Version == "" || m.Stmt == "" || m.Callee == "" || m.Why == "":
		return nil, fmt.Errorf("empty column")
	case m.Package != m.Module && !strings.HasPrefix(m.Package, m.Module+"/"):
		return nil, fmt.Errorf("package %s is not in module %s", m.Package, m.Module)
	case !strings.HasSuffix(m.File, ".go") || strings.HasSuffix(m.File, "_test.go") || strings.HasPrefix(m.File, "/") || strings.Contains(m.File, ".."):
		return nil, fmt.Errorf("file %q is not a non-test .go file relative to the module root", m.File)
	case !funcRx.MatchString(m.Func):
		return nil, fmt.Errorf("func %q is not Name, (*T).Name or (T).Name", m.Func)
	case err1 != nil || err2 != nil || m.Acq <= 0 || m.Removed <= m.Acq:
		return nil, fmt.Errorf("acq %q and removed %q: want lines, the removed one after the acquisition", cols[9], cols[10])
	case !strings.Contains(m.Stmt, "Close("):
		return nil, fmt.Errorf("stmt %q closes nothing", m.Stmt)
	case (m.Class == "defer") != strings.HasPrefix(m.Stmt, "defer "):
		return nil, fmt.Errorf("class %s does not match stmt %q", m.Class, m.Stmt)
	case m.Stub != "" && !stubRx.MatchString(m.Stub):
		return nil, fmt.Errorf("stub %q is not _ = NAME", m.Stub)
	}
	return m, nil
}

// key is the module@version of a mutant.
func (m *Mutant) key() string { return m.Module + "@" + m.Version }

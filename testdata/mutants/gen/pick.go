package main

import (
	"bufio"
	"cmp"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
)

// Caps of the pick: the benchmark spreads over modules and functions
// rather than taking every candidate of the few modules that have many
// (generated API clients).
const (
	maxPerFunc       = 2  // mutants of one function
	maxPerModuleKind = 20 // mutants of one kind in one module
)

// readCandidates reads a candidate file written by writeCandidates.
func readCandidates(name string) ([]candidate, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cs []candidate
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), "#") || sc.Text() == "" {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		if len(c) != 14 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 14", name, n, len(c))
		}
		var acq, removed int
		if _, err := fmt.Sscan(c[8], &acq); err != nil {
			return nil, fmt.Errorf("%s:%d: acq: %v", name, n, err)
		}
		if _, err := fmt.Sscan(c[9], &removed); err != nil {
			return nil, fmt.Errorf("%s:%d: removed: %v", name, n, err)
		}
		cs = append(cs, candidate{Kind: c[0], Source: c[1], Class: c[2], Module: c[3], Version: c[4], Package: c[5],
			File: c[6], Func: c[7], Acq: acq, Removed: removed, Stmt: c[10], Stub: c[11], Callee: c[12], Why: c[13]})
	}
	return cs, sc.Err()
}

// readExclusions reads the candidates turned down on reading: lines of
// module, file, removed line and the reason, tab-separated.
func readExclusions(name string) (map[string]string, error) {
	ex := make(map[string]string)
	if name == "" {
		return ex, nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	for i, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) != 4 || c[3] == "" {
			return nil, fmt.Errorf("%s:%d: want module, file, line and reason", name, i+1)
		}
		ex[c[0]+"\t"+c[1]+"\t"+c[2]] = c[3]
	}
	return ex, nil
}

func (c candidate) key() string { return fmt.Sprintf("%s\t%s\t%d", c.Module, c.File, c.Removed) }

// pick chooses the mutants among the candidates: not excluded, one per
// closing statement, within the caps, and in each module the least
// represented kinds, sources and classes first.
func pick(cs []candidate, ex map[string]string) []candidate {
	seen := make(map[string]bool)
	byModule := make(map[string][]candidate)
	for _, c := range cs {
		if ex[c.key()] != "" || seen[c.key()] {
			continue
		}
		seen[c.key()] = true
		byModule[c.Module] = append(byModule[c.Module], c)
	}
	var out []candidate
	combos := make(map[string]int) // kind/source/class over all picks so far
	for _, mod := range slices.Sorted(maps.Keys(byModule)) {
		left := byModule[mod]
		perFunc := make(map[string]int)
		perKind := make(map[string]int)
		perFile := make(map[string]int)
		for len(left) > 0 {
			// The candidate of the rarest combination, then of the file
			// least picked from, then the first in the file.
			best := slices.MinFunc(left, func(a, b candidate) int {
				return cmp.Or(cmp.Compare(combos[a.combo()], combos[b.combo()]),
					cmp.Compare(perFile[a.File], perFile[b.File]), strings.Compare(a.key(), b.key()))
			})
			left = slices.DeleteFunc(left, func(c candidate) bool { return c.key() == best.key() })
			fn := best.Package + "." + best.Func
			if perFunc[fn] >= maxPerFunc || perKind[best.Kind] >= maxPerModuleKind {
				continue
			}
			perFunc[fn]++
			perKind[best.Kind]++
			perFile[best.File]++
			combos[best.combo()]++
			out = append(out, best)
		}
	}
	slices.SortFunc(out, func(a, b candidate) int { return strings.Compare(a.key(), b.key()) })
	return out
}

func (c candidate) combo() string { return c.Kind + "/" + c.Source + "/" + c.Class }

var nonID = regexp.MustCompile(`[^a-z0-9.-]+`)

// genericNames are last path elements that do not name a module alone.
var genericNames = map[string]bool{"api": true, "client": true, "server": true, "sdk": true}

// shortName is a module's name in mutant ids: its last element without a
// major version suffix (with the one before when it is generic, as in
// .../vault/api), lower case.
func shortName(module string) string {
	parts := strings.Split(module, "/")
	if regexp.MustCompile(`^v[0-9]+$`).MatchString(parts[len(parts)-1]) && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	name := parts[len(parts)-1]
	if genericNames[name] && len(parts) > 2 {
		name = parts[len(parts)-2] + "-" + name
	}
	return strings.Trim(nonID.ReplaceAllString(strings.ToLower(name), "-"), "-")
}

// mutantHeader is the header of mutants.tsv.
const mutantHeader = "# id\tkind\tsource\tclass\tmodule\tversion\tpackage\tfile\tfunc\tacq\tremoved\tstmt\tstub\tcallee\twhy"

// writeMutants writes the picked candidates as mutants.tsv, with ids.
func writeMutants(name string, cs []candidate) error {
	n := make(map[string]int)
	var b strings.Builder
	b.WriteString(mutantHeader + "\n")
	for _, c := range cs {
		prefix := c.Kind + "-" + shortName(c.Module)
		n[prefix]++
		fmt.Fprintf(&b, "%s-%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\n", prefix, n[prefix],
			c.Kind, c.Source, c.Class, c.Module, c.Version, c.Package, c.File, c.Func, c.Acq, c.Removed, c.Stmt, c.Stub, c.Callee, c.Why)
	}
	return os.WriteFile(name, []byte(b.String()), 0o666)
}

package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// pinsFile is the name of the optional pins file of a cases directory. It
// is not a case file.
const pinsFile = "pins.tsv"

// A pin makes the scratch module of a module version require a dependency
// at a fixed version before go mod tidy: some old versions build only when
// a dependency they import without a go.mod requirement is pinned, because
// tidy would otherwise ask the proxy for its latest version, which it may
// not serve. Its fields are the columns of a pins line (see README.md).
type pin struct {
	module, version string // version is anyVersion for every version of module
	dep, depVersion string

	pos string // file:line of the pin in its file
}

// anyVersion in the version column makes a pin apply to every version of
// its module.
const anyVersion = "*"

// A require is one requirement of a scratch module's go.mod besides its
// target's module.
type require struct{ path, version string }

// modulePathRx and versionRx loosely check the module and version columns
// of a pins line: a path of the characters module paths allow, and a
// semantic version with a v, as the go command writes them in go.mod.
var (
	modulePathRx = regexp.MustCompile(`^[A-Za-z0-9][-A-Za-z0-9_.~+]*(?:/[-A-Za-z0-9_.~+]+)*$`)
	versionRx    = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(?:-[0-9A-Za-z.-]+)?(?:\+incompatible)?$`)
)

// loadPins reads dir/pins.tsv; a missing file is no pins. It fails on the
// first malformed line, naming it as file:line, and on a dependency pinned
// twice for the same module version.
func loadPins(dir string) ([]*pin, error) {
	name := filepath.Join(dir, pinsFile)
	f, err := os.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parsePins(name, f)
}

// parsePins parses a pins file; name is used in error messages.
func parsePins(name string, r io.Reader) ([]*pin, error) {
	var ps []*pin
	seen := make(map[[3]string]string) // module, version, dep -> position
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		pos := fmt.Sprintf("%s:%d", name, n)
		p, err := parsePin(line)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", pos, err)
		}
		p.pos = pos
		key := [3]string{p.module, p.version, p.dep}
		if prev, ok := seen[key]; ok {
			return nil, fmt.Errorf("%s: %s is pinned twice for %s@%s (first at %s)", pos, p.dep, p.module, p.version, prev)
		}
		seen[key] = pos
		ps = append(ps, p)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return ps, nil
}

// parsePin parses and checks the columns of one pins line.
func parsePin(line string) (*pin, error) {
	f := strings.Split(line, "\t")
	if len(f) != 4 {
		return nil, fmt.Errorf("%d columns, want 4 (tab-separated: module version dep depversion)", len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	p := &pin{module: f[0], version: f[1], dep: f[2], depVersion: f[3]}
	for i, name := range []string{"module", "version", "dep", "depversion"} {
		if f[i] == "" {
			return nil, fmt.Errorf("empty %s column", name)
		}
	}
	for _, path := range []string{p.module, p.dep} {
		if !modulePathRx.MatchString(path) {
			return nil, fmt.Errorf("%q is not a module path", path)
		}
	}
	if p.version != anyVersion && !versionRx.MatchString(p.version) {
		return nil, fmt.Errorf("version %q is not a version like v1.2.3 or %s", p.version, anyVersion)
	}
	if !versionRx.MatchString(p.depVersion) {
		return nil, fmt.Errorf("depversion %q is not a version like v1.2.3", p.depVersion)
	}
	if p.dep == p.module {
		return nil, fmt.Errorf("%s pins itself", p.module)
	}
	return p, nil
}

// checkPins reports the first pin of a single version that no case uses as
// its bad or good version: such a pin never applies, most likely a typo.
func checkPins(pins []*pin, cases []*Case) error {
	used := make(map[string]bool)
	for _, c := range cases {
		used[c.Module+"@"+c.Bad] = true
		used[c.Module+"@"+c.Good] = true
		used[c.Module+"@"+anyVersion] = true
	}
	for _, p := range pins {
		if !used[p.module+"@"+p.version] {
			return fmt.Errorf("%s: no case has %s@%s as its bad or good version", p.pos, p.module, p.version)
		}
	}
	return nil
}

// pinsOf returns the requirements that pins add to the scratch module of
// t, sorted by path: a pin of t's version wins over a pin of any version
// for the same dependency.
func pinsOf(t *target, pins []*pin) []require {
	byDep := make(map[string]*pin)
	for _, p := range pins {
		if p.module != t.module || p.version != t.version && p.version != anyVersion {
			continue
		}
		if prev := byDep[p.dep]; prev == nil || prev.version == anyVersion {
			byDep[p.dep] = p
		}
	}
	var rs []require
	for dep, p := range byDep {
		rs = append(rs, require{dep, p.depVersion})
	}
	slices.SortFunc(rs, func(a, b require) int { return strings.Compare(a.path, b.path) })
	return rs
}

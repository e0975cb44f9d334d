package lint

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A baseline file records the findings of a code base at one time, by
// fingerprint, so that later runs with -baseline report only the others:
// a team adopts closewait on code with findings, fixes them at its pace,
// and fails no build on them meanwhile.
//
// The file is JSON: a version, and per finding its fingerprint and, for
// the people who read it, the parts of its key, its position then and
// its message. Only the fingerprints are matched.
type baselineFile struct {
	Version  int             `json:"closewait_baseline"`
	Findings []baselineEntry `json:"findings"`
}

type baselineEntry struct {
	Fingerprint string `json:"fingerprint"`
	Pass        string `json:"pass"`
	Function    string `json:"function"`
	Acquisition string `json:"acquisition,omitempty"`
	Exit        string `json:"exit"`
	Position    string `json:"position"` // when it was recorded: file relative to the module root, and line
	Message     string `json:"message"`
}

const baselineVersion = 1

// A baseline is a baseline file, read.
type baseline struct {
	name         string
	fingerprints map[string]bool
}

// readBaseline reads and checks the baseline file name.
func readBaseline(name string) (*baseline, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("-baseline: %v (write one with -write-baseline)", err)
	}
	var f baselineFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("-baseline: %s is not a closewait baseline: %v", name, err)
	}
	if f.Version != baselineVersion {
		return nil, fmt.Errorf("-baseline: %s is not a closewait baseline of version %d (closewait_baseline is %d)", name, baselineVersion, f.Version)
	}
	b := &baseline{name: name, fingerprints: make(map[string]bool)}
	for i, e := range f.Findings {
		if !validFingerprint(e.Fingerprint) {
			return nil, fmt.Errorf("-baseline: %s: finding %d has no valid fingerprint (%q)", name, i+1, e.Fingerprint)
		}
		b.fingerprints[e.Fingerprint] = true
	}
	return b, nil
}

// validFingerprint reports whether s has the form of a fingerprint:
// 32 lowercase hex digits, a colon and an ordinal.
func validFingerprint(s string) bool {
	h, n, ok := strings.Cut(s, ":")
	if !ok || len(h) != 32 || n == "" || n[0] == '0' {
		return false
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	for _, c := range n {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// writeBaseline writes the findings of results to the file name,
// atomically: a temporary file in the same directory, renamed over name
// once complete, so a failed or interrupted write leaves the old file.
func writeBaseline(name string, results []*checkResult) (int, error) {
	f := baselineFile{Version: baselineVersion, Findings: []baselineEntry{}}
	for _, r := range results {
		for _, x := range r.findings {
			pos := x.posn.Filename
			if rel, err := filepath.Rel(r.root, pos); err == nil && filepath.IsLocal(rel) {
				pos = filepath.ToSlash(rel)
			}
			f.Findings = append(f.Findings, baselineEntry{
				Fingerprint: x.fingerprint,
				Pass:        x.key.Pass,
				Function:    x.key.Function,
				Acquisition: x.key.Acquisition,
				Exit:        x.key.Exit,
				Position:    fmt.Sprintf("%s:%d", pos, x.posn.Line),
				Message:     x.diag.Message,
			})
		}
	}
	slices.SortFunc(f.Findings, func(a, b baselineEntry) int {
		return strings.Compare(a.Function+"\x00"+a.Fingerprint, b.Function+"\x00"+b.Fingerprint)
	})
	f.Findings = slices.CompactFunc(f.Findings, func(a, b baselineEntry) bool { return a.Fingerprint == b.Fingerprint })
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return 0, err
	}
	return len(f.Findings), writeFileAtomic(name, append(data, '\n'), 0o644)
}

// writeFileAtomic replaces (or creates) the file name with data: it
// writes a temporary file in the same directory, syncs it and renames it
// over name, keeping the mode and owner of an existing file (perm for a
// new one).
// If name is a symbolic link, the file it points to is replaced.
func writeFileAtomic(name string, data []byte, perm os.FileMode) error {
	if real, err := filepath.EvalSymlinks(name); err == nil {
		name = real
	}
	fi, err := os.Stat(name)
	if err == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", name)
		}
		perm = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	if fi != nil {
		chownLike(tmp, fi)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Chmod(perm)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// filter keeps the findings of r for which keep is true and drops the
// others from the JSON output too, returning how many it dropped.
func (r *checkResult) filter(keep func(*checkFinding) bool) int {
	var kept []checkFinding
	type key struct {
		posn    string
		pass    string
		message string
	}
	drop := make(map[key]bool)
	for i := range r.findings {
		f := &r.findings[i]
		if keep(f) {
			kept = append(kept, *f)
		} else {
			drop[key{f.posn.String(), f.analyzer.Name, f.diag.Message}] = true
		}
	}
	dropped := len(r.findings) - len(kept)
	r.findings = kept
	if r.run != nil && dropped > 0 {
		for _, act := range r.run.Actions {
			act.Diagnostics = slices.DeleteFunc(act.Diagnostics, func(d analysis.Diagnostic) bool {
				return drop[key{r.run.Fset.Position(d.Pos).String(), act.Analyzer.Name, d.Message}]
			})
		}
	}
	return dropped
}

// printFiltered says on stderr how many findings the -baseline and
// -new-from-rev filters left out, if any.
func (r *checkResult) printFiltered(o *checkOptions, stderr io.Writer) {
	if r.inBaseline > 0 {
		fmt.Fprintf(stderr, "closewait: %d known finding%s not reported (in the baseline %s)\n", r.inBaseline, plural(r.inBaseline), relToWD(o.baselineFile))
	}
	if r.unchanged > 0 {
		fmt.Fprintf(stderr, "closewait: %d finding%s not reported (not on lines changed since %s)\n", r.unchanged, plural(r.unchanged), o.newFromRev)
	}
	if note := r.withheldNote(); note != "" {
		fmt.Fprintf(stderr, "closewait: %s\n", note)
	}
}

// recordBaseline implements -write-baseline: it analyzes the packages of
// each of runs (one per module under precommit) and writes all their
// findings to the baseline file, unless some package could not be
// analyzed: a baseline must not miss what a later run will find.
func recordBaseline(runs []*checkOptions, stderr io.Writer) int {
	var results []*checkResult
	failed := false
	for _, o := range runs {
		r := analyzePackages(o)
		for _, e := range r.errors {
			fmt.Fprintf(stderr, "closewait: %s\n", e)
		}
		failed = failed || len(r.errors) > 0
		results = append(results, r)
	}
	name := relToWD(runs[0].writeBaseline)
	if failed {
		fmt.Fprintf(stderr, "closewait: baseline %s not written: not every package could be analyzed\n", name)
		return exitFailure
	}
	n, err := writeBaseline(runs[0].writeBaseline, results)
	if err != nil {
		fmt.Fprintf(stderr, "closewait: -write-baseline: %v\n", err)
		return exitFailure
	}
	fmt.Fprintf(stderr, "closewait: wrote %d finding%s to the baseline %s\n", n, plural(n), name)
	return exitNoLeaks
}

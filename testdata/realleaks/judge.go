package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// A finding is one diagnostic of closewait -json.
type finding struct {
	pkg, pass string
	file      string // absolute, as closewait printed it
	line      int
}

// parseFindings reads the JSON tree of closewait -json,
// {package: {pass: [{"posn": "file:line:col", "message": …}] | {"error": msg}}},
// and returns its findings and its analysis errors by package. Empty
// input means no finding and no error.
func parseFindings(r io.Reader) ([]finding, map[string]string, error) {
	var tree map[string]map[string]json.RawMessage
	if err := json.NewDecoder(r).Decode(&tree); err != nil {
		if err == io.EOF {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("reading closewait -json output: %v", err)
	}
	var fs []finding
	errs := make(map[string]string)
	for pkg, passes := range tree {
		for pass, raw := range passes {
			var e struct {
				Error string `json:"error"`
			}
			if json.Unmarshal(raw, &e) == nil && e.Error != "" {
				errs[pkg] += fmt.Sprintf("%s: %s; ", pass, e.Error)
				continue
			}
			var diags []struct {
				Posn string `json:"posn"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				return nil, nil, fmt.Errorf("%s: %s: unexpected JSON: %v", pkg, pass, err)
			}
			for _, d := range diags {
				file, line, ok := splitPosn(d.Posn)
				if !ok {
					return nil, nil, fmt.Errorf("%s: %s: bad position %q", pkg, pass, d.Posn)
				}
				fs = append(fs, finding{pkg, pass, file, line})
			}
		}
	}
	for pkg, e := range errs {
		errs[pkg] = strings.TrimSuffix(e, "; ")
	}
	return fs, errs, nil
}

// splitPosn splits "file:line:col" (or "file:line") into file and line.
func splitPosn(posn string) (file string, line int, ok bool) {
	rest, last, found := cutLast(posn)
	if !found {
		return "", 0, false
	}
	if f, l, found := cutLast(rest); found {
		if n, err := strconv.Atoi(l); err == nil {
			if _, err := strconv.Atoi(last); err == nil {
				return f, n, true // file:line:col
			}
		}
	}
	n, err := strconv.Atoi(last)
	return rest, n, err == nil
}

func cutLast(s string) (before, after string, found bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// Verdicts of a case at its bad version (before) and good version (after).
const (
	exact   = "exact"   // a finding at the case's line
	inFunc  = "func"    // findings in the function, none at the line
	missed  = "missed"  // no finding in the function
	clean   = "clean"   // good version: no finding in the function
	flagged = "flagged" // good version: a finding in the function
	failed  = "error"   // the case could not be judged
)

// hits returns the lines of the findings of pass in file within sp.
// file is the absolute path of the case's file in the module cache.
func hits(fs []finding, pass, file string, sp span) []int {
	var lines []int
	file = filepath.Clean(file)
	for _, f := range fs {
		if f.pass == pass && filepath.Clean(f.file) == file && sp.contains(f.line) {
			lines = append(lines, f.line)
		}
	}
	slices.Sort(lines)
	return slices.Compact(lines)
}

// judgeBefore judges the bad version: exact, func or missed.
func judgeBefore(fs []finding, pass, file string, sp span, line int) string {
	lines := hits(fs, pass, file, sp)
	switch {
	case slices.Contains(lines, line):
		return exact
	case len(lines) > 0:
		return inFunc
	}
	return missed
}

// judgeAfter judges the good version: clean or flagged.
func judgeAfter(fs []finding, pass, file string, sp span) string {
	if len(hits(fs, pass, file, sp)) > 0 {
		return flagged
	}
	return clean
}

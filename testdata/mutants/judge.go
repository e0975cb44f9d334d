package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"strconv"
	"strings"
)

// A finding is one diagnostic of closewait -json.
type finding struct {
	pkg, pass string
	file      string // absolute, as closewait printed it
	line      int
	message   string
}

// A result is what one closewait run said about some packages.
type result struct {
	findings []finding
	pkgErrs  map[string]string // analysis errors, by package
	err      error             // the run failed
}

// parseFindings reads the JSON of closewait -json: {package: {pass:
// [{"posn": "file:line:col", …}] | {"error": msg}}}. Empty input means
// no finding.
func parseFindings(r io.Reader) *result {
	var tree map[string]map[string]json.RawMessage
	res := &result{pkgErrs: make(map[string]string)}
	if err := json.NewDecoder(r).Decode(&tree); err != nil {
		if err != io.EOF {
			res.err = fmt.Errorf("reading closewait -json output: %v", err)
		}
		return res
	}
	for pkg, passes := range tree {
		for pass, raw := range passes {
			var e struct {
				Error string `json:"error"`
			}
			if json.Unmarshal(raw, &e) == nil && e.Error != "" {
				res.pkgErrs[pkg] += pass + ": " + e.Error + "; "
				continue
			}
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			}
			if err := json.Unmarshal(raw, &diags); err != nil {
				res.err = fmt.Errorf("%s: %s: unexpected JSON: %v", pkg, pass, err)
				return res
			}
			for _, d := range diags {
				file, line, ok := splitPosn(d.Posn)
				if !ok {
					res.err = fmt.Errorf("%s: %s: bad position %q", pkg, pass, d.Posn)
					return res
				}
				res.findings = append(res.findings, finding{pkg, pass, file, line, d.Message})
			}
		}
	}
	return res
}

// splitPosn splits "file:line:col" or "file:line" into file and line.
func splitPosn(posn string) (string, int, bool) {
	i := strings.LastIndexByte(posn, ':')
	if i < 0 {
		return "", 0, false
	}
	if j := strings.LastIndexByte(posn[:i], ':'); j >= 0 {
		if n, err := strconv.Atoi(posn[j+1 : i]); err == nil {
			if _, err := strconv.Atoi(posn[i+1:]); err == nil {
				return posn[:j], n, true
			}
		}
	}
	n, err := strconv.Atoi(posn[i+1:])
	return posn[:i], n, err == nil
}

// Verdicts.
const (
	exact   = "exact"   // mutant: a finding of its pass at the acquisition's line
	inFunc  = "func"    // mutant: findings in the function, none at that line
	missed  = "missed"  // mutant: no finding in the function
	clean   = "clean"   // control: no finding of the pass in the function
	flagged = "flagged" // control: a finding in the unmutated function
	failed  = "error"   // could not be judged
)

// A span is the lines of a declared function, func keyword to brace.
type span struct{ first, last int }

func (s span) contains(line int) bool { return s.first <= line && line <= s.last }

// findFunc returns the span of the function spec (Name, (*T).Name or
// (T).Name) in the Go file filename.
func findFunc(filename, spec string) (span, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, nil, parser.SkipObjectResolution)
	if err != nil {
		return span{}, err
	}
	var found []span
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && funcSpec(fd) == spec {
			found = append(found, span{fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
		}
	}
	if len(found) != 1 {
		return span{}, fmt.Errorf("%d funcs %s in %s, want 1", len(found), spec, filename)
	}
	return found[0], nil
}

// isGenerated reports whether a Go file is marked generated (a "// Code
// generated … DO NOT EDIT." line): the report counts the mutants in such
// files apart (closewait skips them under -closewait.generated=false).
func isGenerated(filename string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), filename, nil, parser.PackageClauseOnly|parser.ParseComments)
	return err == nil && ast.IsGenerated(f)
}

// funcSpec formats a declared function as Name, (*T).Name or (T).Name,
// without type parameters.
func funcSpec(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t, star := fd.Recv.List[0].Type, ""
	if s, ok := t.(*ast.StarExpr); ok {
		t, star = s.X, "*"
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return "?"
	}
	return "(" + star + id.Name + ")." + fd.Name.Name
}

// hits returns the findings of pass in file within sp.
func hits(fs []finding, pass, file string, sp span) []finding {
	var out []finding
	for _, f := range fs {
		if f.pass == pass && filepath.Clean(f.file) == filepath.Clean(file) && sp.contains(f.line) {
			out = append(out, f)
		}
	}
	return out
}

// judgeMutant judges a mutant's run against its control's: exact, func
// or missed. Only a finding the control does not have (another line or
// another message: the message names the leaking exits) counts, so a leak
// the original function already had does not pass for the mutant's.
func judgeMutant(fs, control []finding, pass, file string, sp span, acq int) string {
	old := make(map[string]bool)
	for _, f := range hits(control, pass, file, sp) {
		old[fmt.Sprint(f.line, f.message)] = true
	}
	verdict := missed
	for _, f := range hits(fs, pass, file, sp) {
		switch {
		case old[fmt.Sprint(f.line, f.message)]:
		case f.line == acq:
			return exact
		default:
			verdict = inFunc
		}
	}
	return verdict
}

// judgeControl judges the unmutated function: clean or flagged.
func judgeControl(fs []finding, pass, file string, sp span) string {
	if len(hits(fs, pass, file, sp)) > 0 {
		return flagged
	}
	return clean
}

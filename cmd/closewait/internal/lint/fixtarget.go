package lint

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"path/filepath"

	"golang.org/x/tools/go/packages"
)

// mainModuleFiles returns, by the name the go command gives it, each Go
// file of a package of a main module (the module being developed, or
// each module of a go.work workspace), with its package.
func mainModuleFiles(pkgs []*packages.Package) map[string]*packages.Package {
	files := make(map[string]*packages.Package)
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.Module == nil || !p.Module.Main || p.Module.Dir == "" {
			return
		}
		for _, f := range p.CompiledGoFiles {
			files[f] = p
		}
	})
	return files
}

// fixTarget returns the file that a fix of the file name (as the go
// command names it) may write: name with its symbolic links resolved,
// if name is a file of a main module and stays inside that module's
// directory once resolved. Fixes never change a dependency (the module
// cache, a replacement directory, vendor/), GOROOT, or, through a
// symbolic link, a file outside the main module, whatever the
// permissions allow (as root, all of them).
func (r *checkResult) fixTarget(name string) (string, error) {
	p := r.mainFiles[name]
	if p == nil {
		return "", errors.New("it is not a file of the main module (fixes change only the module being developed, never a dependency, the module cache or GOROOT)")
	}
	real, err := filepath.EvalSymlinks(name)
	if err != nil {
		return "", err
	}
	dir, err := filepath.EvalSymlinks(p.Module.Dir)
	if err != nil {
		return "", err
	}
	if rel, err := filepath.Rel(dir, real); err != nil || !filepath.IsLocal(rel) {
		return "", fmt.Errorf("it is a symbolic link to %s, outside the main module's directory %s", real, p.Module.Dir)
	}
	return real, nil
}

// tidyEdit adapts an edit that inserts a new line of code, "\n" then
// indentation then code, to the file src it goes in: the indentation
// becomes that of the line of the insertion point (spaces in a file
// indented with spaces), and an insertion followed on its line only by a
// comment moves after the comment, which stays on the line it annotates.
func tidyEdit(src []byte, e fileEdit) fileEdit {
	if e.start != e.end || e.start > len(src) || len(e.text) < 2 || e.text[0] != '\n' {
		return e
	}
	code := bytes.TrimLeft([]byte(e.text[1:]), " \t")
	if len(code) == 0 || code[0] == '\n' {
		return e
	}
	lineStart := bytes.LastIndexByte(src[:e.start], '\n') + 1
	indent := src[lineStart:]
	indent = indent[:len(indent)-len(bytes.TrimLeft(indent, " \t"))]
	rest := src[e.start:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		rest = rest[:i]
	}
	if trimmed := bytes.TrimLeft(rest, " \t"); bytes.HasPrefix(trimmed, []byte("//")) {
		e.start += len(bytes.TrimRight(rest, " \t\r"))
		e.end = e.start
	}
	e.text = "\n" + string(indent) + string(code)
	return e
}

// gofmtIfClean returns fixed, the file src with fixes applied, formatted
// by gofmt if src was (so a fix never leaves a gofmt-clean file
// unformatted, and never reformats the lines of a file that was not).
func gofmtIfClean(src, fixed []byte) []byte {
	if clean, err := format.Source(src); err != nil || !bytes.Equal(clean, src) {
		return fixed
	}
	if out, err := format.Source(fixed); err == nil {
		return out
	}
	return fixed
}

// wholeEdit returns the one edit that turns a into b: the bytes between
// their common prefix and suffix.
func wholeEdit(a, b []byte) fileEdit {
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	return fileEdit{p, len(a) - s, string(b[p : len(b)-s])}
}

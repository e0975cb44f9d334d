package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// A listedPackage is what go list tells about a package.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Export     string
	Standard   bool
	ImportMap  map[string]string
	Module     *struct{ Path, Version, Dir string }
	Error      *struct{ Err string }
}

// goList runs go list -e -json in dir with the extra flags on the
// patterns and returns the packages it prints, in its order.
func goList(dir string, flags []string, patterns []string) ([]*listedPackage, error) {
	args := append([]string{"list", "-e", "-json=ImportPath,Dir,GoFiles,CgoFiles,Export,Standard,ImportMap,Module,Error"}, flags...)
	cmd := exec.Command("go", append(args, patterns...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=readonly", "GOTOOLCHAIN=local")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list in %s: %v\n%s", dir, err, stderr.String())
	}
	var pkgs []*listedPackage
	dec := json.NewDecoder(&stdout)
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list output: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// A loadedPackage is a type-checked package of the corpus.
type loadedPackage struct {
	*listedPackage
	fset  *token.FileSet
	files []*ast.File
	types *types.Package
	info  *types.Info
}

// A loader type-checks packages from source against the export data of
// their dependencies (go list -export), sharing one importer.
type loader struct {
	fset   *token.FileSet
	byPath map[string]*listedPackage
	imp    types.Importer
}

// newLoader lists the packages with their dependencies and export data,
// compiling what the build cache lacks.
func newLoader(dir string, patterns []string) (*loader, []*listedPackage, error) {
	all, err := goList(dir, []string{"-deps", "-export"}, patterns)
	if err != nil {
		return nil, nil, err
	}
	l := &loader{fset: token.NewFileSet(), byPath: make(map[string]*listedPackage)}
	for _, p := range all {
		l.byPath[p.ImportPath] = p
	}
	l.imp = importer.ForCompiler(l.fset, "gc", func(path string) (io.ReadCloser, error) {
		p := l.byPath[path]
		if p == nil || p.Export == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(p.Export)
	})
	return l, all, nil
}

// mappedImporter resolves a package's import paths through its ImportMap.
type mappedImporter struct {
	m   map[string]string
	imp types.Importer
}

func (mi mappedImporter) Import(path string) (*types.Package, error) {
	if p, ok := mi.m[path]; ok {
		path = p
	}
	return mi.imp.Import(path)
}

// load parses and type-checks p from source. Type errors are returned
// only when nothing could be checked.
func (l *loader) load(p *listedPackage) (*loadedPackage, error) {
	if len(p.CgoFiles) > 0 {
		return nil, fmt.Errorf("%s: cgo package skipped", p.ImportPath)
	}
	lp := &loadedPackage{listedPackage: p, fset: l.fset}
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(l.fset, filepath.Join(p.Dir, name), nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		lp.files = append(lp.files, f)
	}
	lp.info = &types.Info{
		Types:      make(map[ast.Expr]types.TypeAndValue),
		Defs:       make(map[*ast.Ident]types.Object),
		Uses:       make(map[*ast.Ident]types.Object),
		Selections: make(map[*ast.SelectorExpr]*types.Selection),
	}
	var firstErr error
	conf := types.Config{
		Importer: mappedImporter{p.ImportMap, l.imp},
		Error: func(err error) {
			if firstErr == nil {
				firstErr = err
			}
		},
	}
	lp.types, _ = conf.Check(p.ImportPath, l.fset, lp.files, lp.info)
	if firstErr != nil && strings.Contains(firstErr.Error(), "could not import") {
		return nil, firstErr
	}
	return lp, nil
}

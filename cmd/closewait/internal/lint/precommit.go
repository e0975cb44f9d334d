package lint

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/closewait/closewait/passes"
)

// PreCommit is the precommit subcommand, which the hooks of
// .pre-commit-hooks.yaml run: "closewait precommit [flags] files...".
// pre-commit passes the changed files; for each .go file the nearest
// go.mod above it names its module, and closewait analyzes ./... of each
// such module once, in the module's directory. So a repository whose
// module is in a subdirectory, or which holds several modules, is checked
// as the go command sees it. Positions stay relative to the working
// directory (the repository's root, where pre-commit runs hooks).
//
// The exit status is exitFailure if any module failed to load or analyze,
// else exitLeaks if any module has findings, else exitNoLeaks.
func PreCommit(args []string, stdout, stderr io.Writer) int {
	o, code := parseCheckArgs(args, passes.All(), stdout, stderr)
	if o == nil {
		return code
	}
	if !o.loadFilters(stderr) {
		return exitFailure
	}
	mods, outside := moduleDirs(o.patterns)
	for _, f := range outside {
		fmt.Fprintf(stderr, "closewait: %s: no go.mod above it; not analyzed\n", f)
	}
	status := exitNoLeaks
	if len(outside) > 0 {
		status = exitFailure
	}
	if o.writeBaseline != "" {
		var runs []*checkOptions
		for _, dir := range mods {
			m := *o
			m.dir, m.patterns, m.stderr = dir, []string{"./..."}, stderr
			runs = append(runs, &m)
		}
		if len(runs) == 0 {
			fmt.Fprintf(stderr, "closewait: no Go files in a module among the files given: baseline not written\n")
			return exitFailure
		}
		return max(status, recordBaseline(runs, stderr))
	}
	for _, dir := range mods {
		m := *o
		m.dir, m.patterns = dir, []string{"./..."}
		switch checkWith(&m, stdout, stderr) {
		case exitFailure:
			status = exitFailure
		case exitLeaks:
			if status == exitNoLeaks {
				status = exitLeaks
			}
		}
	}
	return status
}

// moduleDirs returns, sorted and once each, the directories of the
// nearest go.mod above each .go file among files, and the .go files that
// have none. Other files are ignored.
func moduleDirs(files []string) (mods, outside []string) {
	known := make(map[string]string) // directory -> its module's directory, or ""
	for _, f := range files {
		if !strings.HasSuffix(f, ".go") {
			continue
		}
		abs, err := filepath.Abs(f)
		if err != nil {
			outside = append(outside, f)
			continue
		}
		mod := nearestModule(filepath.Dir(abs), known)
		if mod == "" {
			outside = append(outside, f)
		} else if !slices.Contains(mods, mod) {
			mods = append(mods, mod)
		}
	}
	slices.Sort(mods)
	return mods, outside
}

// nearestModule returns the directory of the nearest go.mod at or above
// dir, or "" if there is none, remembering the answers in known.
func nearestModule(dir string, known map[string]string) string {
	var walked []string
	mod := ""
	for d := dir; ; d = filepath.Dir(d) {
		if m, ok := known[d]; ok {
			mod = m
			break
		}
		walked = append(walked, d)
		if fi, err := os.Stat(filepath.Join(d, "go.mod")); err == nil && !fi.IsDir() {
			mod = d
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	for _, d := range walked {
		known[d] = mod
	}
	return mod
}

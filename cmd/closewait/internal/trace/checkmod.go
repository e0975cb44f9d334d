package trace

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
)

// A checkTarget is what -check analyses, and where: the packages of the
// command line, in the module versions that the traced binary was built
// from.
type checkTarget struct {
	dir      string   // the directory to run the static passes in
	env      []string // their environment; nil for closewait's own
	patterns []string // the packages to analyse
	notes    []string // what the user should know, said before tracing
	scratch  string   // a scratch module to remove at the end, if any
}

func (t *checkTarget) close() {
	if t.scratch != "" {
		os.RemoveAll(t.scratch)
	}
}

// A listedPackage is a package as go list -json describes it.
type listedPackage struct {
	ImportPath string
	Standard   bool
	DepOnly    bool
	Module     *listedModule
	Error      *struct{ Err string }
}

// A listedModule is a module as go list -json describes it.
type listedModule struct {
	Path    string
	Version string
	Main    bool
	Dir     string
	Replace *listedModule
}

// prepareCheck validates the -check packages and decides which code to
// analyse, before anything is traced: patterns that match nothing or
// packages that fail to load are refused at once. When the module
// versions that the working directory resolves are those of the binary
// (bi, its build information), the packages are analysed where they are;
// otherwise in a scratch module that requires exactly the binary's
// versions, read from the module cache (or the module proxy). A binary
// built from another revision of the checked-out module, or whose
// versions cannot be reproduced, is refused with the mismatch named.
func prepareCheck(ctx context.Context, cfg *config, bi *buildinfo.BuildInfo) (*checkTarget, error) {
	pkgs, err := goList(ctx, cfg.dir, nil, cfg.check)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, p := range pkgs {
		if !p.DepOnly {
			roots = append(roots, p.ImportPath)
		}
	}
	if len(roots) == 0 {
		return nil, fmt.Errorf("%s matched no packages", strings.Join(cfg.check, " "))
	}
	if err := loadErrors(pkgs); err != nil {
		return nil, err
	}
	t := &checkTarget{dir: cfg.dir, patterns: cfg.check}
	if bi == nil {
		return t, nil
	}
	inBinary := make(map[string]*debug.Module)
	for _, d := range bi.Deps {
		inBinary[d.Path] = d
	}
	var differ []string // "path: binary vX, here vY"
	mainHere := false   // packages of the binary's main module are analysed
	for _, m := range modules(pkgs) {
		if m.Path == bi.Main.Path {
			mainHere = true
			note, err := sameRevision(ctx, bi, m)
			if err != nil {
				return nil, err
			}
			if note != "" {
				t.notes = append(t.notes, note)
			}
			continue
		}
		d, ok := inBinary[m.Path]
		if !ok {
			if m.root {
				return nil, fmt.Errorf("module %s is not in the binary (built from %s): the static findings on its packages cannot be about the traced program", m.Path, bi.Main.Path)
			}
			continue // a dependency of tests only
		}
		if v, here := binaryVersion(d), localVersion(m.listedModule); v != here {
			differ = append(differ, fmt.Sprintf("%s %s (here %s)", m.Path, v, here))
		}
	}
	if len(differ) == 0 {
		return t, nil
	}
	slices.Sort(differ)
	if err := t.useScratch(ctx, bi, roots, pkgs, mainHere); err != nil {
		return nil, fmt.Errorf("the binary was built from other module versions than the ones here (%s), and they cannot be analysed: %v", strings.Join(differ, ", "), err)
	}
	t.notes = append(t.notes, fmt.Sprintf("the static passes analyse the module versions of the binary, not the ones here: %s", strings.Join(differ, ", ")))
	return t, nil
}

// goList runs go list -e -deps -json on patterns in dir.
func goList(ctx context.Context, dir string, env, patterns []string) ([]*listedPackage, error) {
	args := append([]string{"list", "-e", "-deps", "-json=ImportPath,Standard,DepOnly,Module,Error"}, patterns...)
	out, err := goCommand(ctx, dir, env, args...)
	if err != nil {
		return nil, err
	}
	var pkgs []*listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("go list: %v", err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs, nil
}

// goCommand runs the go command in dir and returns its standard output;
// its error quotes the command's standard error.
func goCommand(ctx context.Context, dir string, env []string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir, cmd.Env = dir, env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return nil, fmt.Errorf("go %s: %s", args[0], msg)
	}
	return stdout.Bytes(), nil
}

// loadErrors returns the errors of the packages that failed to load, and
// of the packages they need: nothing that is not analysed may pass for
// clean.
func loadErrors(pkgs []*listedPackage) error {
	var errs []string
	for _, p := range pkgs {
		if p.Error != nil {
			errs = append(errs, fmt.Sprintf("package %s: %s", p.ImportPath, strings.TrimSpace(p.Error.Err)))
		}
	}
	if len(errs) == 0 {
		return nil
	}
	if len(errs) > 5 {
		errs = append(errs[:5], fmt.Sprintf("and %d more", len(errs)-5))
	}
	return errors.New(strings.Join(errs, "; "))
}

// A usedModule is a module of the listed packages.
type usedModule struct {
	*listedModule
	root bool // it holds a package of the command line
}

// modules returns the modules of pkgs, each once, those of the command
// line's packages marked.
func modules(pkgs []*listedPackage) []usedModule {
	var out []usedModule
	index := make(map[string]int)
	for _, p := range pkgs {
		if p.Standard || p.Module == nil {
			continue
		}
		i, ok := index[p.Module.Path]
		if !ok {
			i = len(out)
			index[p.Module.Path] = i
			out = append(out, usedModule{listedModule: p.Module})
		}
		out[i].root = out[i].root || !p.DepOnly
	}
	return out
}

// binaryVersion spells the version of a module in the binary, with its
// replacement.
func binaryVersion(d *debug.Module) string {
	if r := d.Replace; r != nil {
		return d.Version + " => " + strings.TrimSpace(r.Path+" "+r.Version)
	}
	return d.Version
}

// localVersion spells the version of a module as go list resolves it, as
// binaryVersion does.
func localVersion(m *listedModule) string {
	if m.Main {
		return "the checkout in " + m.Dir
	}
	if r := m.Replace; r != nil {
		return m.Version + " => " + strings.TrimSpace(r.Path+" "+r.Version)
	}
	return m.Version
}

// sameRevision checks that the checked-out module m is the revision that
// the binary's main module was built from (its vcs.revision), and returns
// a note when the binary was built from a modified tree or when the
// checkout has changes.
func sameRevision(ctx context.Context, bi *buildinfo.BuildInfo, m usedModule) (string, error) {
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" || m.Dir == "" {
		return "", nil // not recorded (-buildvcs=false, or not built in a checkout)
	}
	cmd := exec.CommandContext(ctx, "git", "-C", m.Dir, "rev-parse", "HEAD")
	out, err := cmd.Output()
	if err != nil {
		return "", nil // not a git checkout here: nothing to compare
	}
	head := strings.TrimSpace(string(out))
	if head != rev {
		return "", fmt.Errorf("the binary was built from revision %s of %s, and the checkout in %s is at %s: check out %s (the static findings would be about other code)", short(rev), m.Path, m.Dir, short(head), short(rev))
	}
	if modified == "true" {
		return fmt.Sprintf("the binary was built from revision %s of %s with uncommitted changes: the static passes analyse the files as they are now", short(rev), m.Path), nil
	}
	return "", nil
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// useScratch points t at a scratch module that requires every module of
// the binary at its version, with its replacements (and the binary's own
// module, when packages of it are analysed, from the checkout), and
// checks that the packages and their dependencies load there in exactly
// those versions.
func (t *checkTarget) useScratch(ctx context.Context, bi *buildinfo.BuildInfo, roots []string, here []*listedPackage, mainHere bool) error {
	dir, err := os.MkdirTemp("", "closewait-check-")
	if err != nil {
		return err
	}
	t.scratch = dir
	goVersion, err := goCommand(ctx, dir, nil, "env", "GOVERSION")
	if err != nil {
		return err
	}
	var mod, sum strings.Builder
	fmt.Fprintf(&mod, "module closewait.invalid/check\n\ngo %s\n\nrequire (\n", strings.TrimPrefix(strings.TrimSpace(string(goVersion)), "go"))
	var replace []string
	for _, d := range bi.Deps {
		fmt.Fprintf(&mod, "\t%s %s\n", d.Path, d.Version)
		if d.Sum != "" {
			fmt.Fprintf(&sum, "%s %s %s\n", d.Path, d.Version, d.Sum)
		}
		if r := d.Replace; r != nil {
			if r.Version == "" && !filepath.IsAbs(r.Path) {
				return fmt.Errorf("the binary replaces %s with the directory %s, relative to where it was built", d.Path, r.Path)
			}
			replace = append(replace, fmt.Sprintf("%s %s => %s %s", d.Path, d.Version, r.Path, r.Version))
			if r.Sum != "" {
				fmt.Fprintf(&sum, "%s %s %s\n", r.Path, r.Version, r.Sum)
			}
		}
	}
	if mainHere {
		checkout := ""
		for _, p := range here {
			if p.Module != nil && p.Module.Path == bi.Main.Path {
				checkout = p.Module.Dir
			}
		}
		fmt.Fprintf(&mod, "\t%s v0.0.0\n", bi.Main.Path)
		replace = append(replace, fmt.Sprintf("%s => %s", bi.Main.Path, checkout))
		if b, err := os.ReadFile(filepath.Join(checkout, "go.sum")); err == nil {
			sum.Write(b) // the hashes of the go.mod files it needs
		}
	}
	mod.WriteString(")\n")
	for _, r := range replace {
		fmt.Fprintf(&mod, "\nreplace %s\n", r)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod.String()), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), []byte(sum.String()), 0o644); err != nil {
		return err
	}
	// The scratch module's own go.mod, never a workspace or another
	// toolchain; go.sum gains the hashes of the go.mod files it reads.
	env := append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
	pkgs, err := goList(ctx, dir, env, roots)
	if err != nil {
		return err
	}
	if err := loadErrors(pkgs); err != nil {
		return err
	}
	want := make(map[string]string)
	for _, d := range bi.Deps {
		want[d.Path] = d.Version
	}
	for _, m := range modules(pkgs) {
		if v, ok := want[m.Path]; ok && m.Version != v {
			return fmt.Errorf("the binary's build list cannot be reproduced: %s resolves to %s, the binary has %s", m.Path, m.Version, v)
		}
	}
	t.dir, t.env, t.patterns = dir, env, roots
	return nil
}

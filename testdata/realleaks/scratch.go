package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"
)

// A target is one module version to analyze: the module of some cases at
// their bad or good version, with the packages those cases need.
type target struct {
	module, version string
	packages        []string  // sorted, distinct
	requires        []require // pinned dependencies (pins.tsv), sorted by path
}

func (t *target) String() string { return t.module + "@" + t.version }

// An analysis is closewait's verdict on a target.
type analysis struct {
	dir      string            // the module's directory in the module cache
	findings []finding         // all findings of closewait -json
	pkgErrs  map[string]string // analysis errors, by package
	err      error             // the target could not be analyzed
}

// commandTimeout bounds each go or closewait command.
const commandTimeout = 30 * time.Minute

// goEnv is the environment of the go and closewait commands run in a
// scratch module: the module's own go.mod, never a workspace, never
// another toolchain.
func goEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
}

// analyze prepares the scratch module of t under cache (reused when its
// inputs did not change) and runs closewait on t's packages in it.
func analyze(t *target, cache, closewait string) *analysis {
	dir := filepath.Join(cache, escape(t.module)+"@"+escape(t.version))
	a := &analysis{}
	if a.err = prepare(t, dir); a.err != nil {
		return a
	}
	out, err := command(dir, "go", "list", "-m", "-f", "{{.Version}}", t.module)
	if err != nil {
		a.err = err
		return a
	}
	if v := strings.TrimSpace(out); v != t.version {
		a.err = fmt.Errorf("the scratch module's build list selects %s@%s, not %s (a dependency requires a later version)", t.module, v, t.version)
		return a
	}
	out, err = command(dir, "go", "mod", "download", "-json", t.String())
	if err != nil {
		a.err = err
		return a
	}
	var m struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Dir == "" {
		a.err = fmt.Errorf("go mod download %s: no module directory in %q", t, out)
		return a
	}
	a.dir = m.Dir

	// closewait exits 3 when it reports findings.
	out, err = command(dir, closewait, append([]string{"-json", "-test=false"}, t.packages...)...)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 3) {
		a.err = err
		return a
	}
	a.findings, a.pkgErrs, a.err = parseFindings(strings.NewReader(out))
	return a
}

// prepare writes the scratch module of t in dir: a go.mod requiring
// exactly t's version (and its pinned dependencies) and a file importing
// t's packages, then runs go mod tidy. A stamp of these inputs lets the
// next run skip all of it.
func prepare(t *target, dir string) error {
	gomod := goMod(t)
	var src strings.Builder
	src.WriteString("//go:build tools\n\n// Package scratch imports the packages that closewait analyzes.\npackage scratch\n\nimport (\n")
	for _, p := range t.packages {
		fmt.Fprintf(&src, "\t_ %q\n", p)
	}
	src.WriteString(")\n")
	stampFile := filepath.Join(dir, "realleaks.stamp")
	stamp := gomod + src.String()
	if old, err := os.ReadFile(stampFile); err == nil && string(old) == stamp {
		if _, err := os.Stat(filepath.Join(dir, "go.sum")); err == nil {
			return nil // ready from a previous run
		}
	}
	if err := os.MkdirAll(dir, 0o777); err != nil {
		return err
	}
	os.Remove(stampFile)
	os.Remove(filepath.Join(dir, "go.sum"))
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(gomod), 0o666); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "tools.go"), []byte(src.String()), 0o666); err != nil {
		return err
	}
	if _, err := command(dir, "go", "mod", "tidy"); err != nil {
		return err
	}
	return os.WriteFile(stampFile, []byte(stamp), 0o666)
}

// goMod returns the go.mod of t's scratch module before go mod tidy: it
// requires exactly t's version, and each dependency that pins.tsv pins for
// it on a line of its own.
func goMod(t *target) string {
	var b strings.Builder
	fmt.Fprintf(&b, "module realleaks.scratch\n\ngo 1.26\n\nrequire %s %s\n", t.module, t.version)
	for _, r := range t.requires {
		fmt.Fprintf(&b, "require %s %s\n", r.path, r.version)
	}
	return b.String()
}

// command runs a command in dir with goEnv and returns its standard
// output. Its error wraps the *exec.ExitError of a failed command and
// ends with the last lines of its standard error.
func command(dir, name string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir, cmd.Env = dir, goEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("%s %s (in %s): %w\n%s", filepath.Base(name), strings.Join(args, " "), dir, err, tail(stderr.String()))
	}
	return stdout.String(), nil
}

// tail returns the last lines of a command's standard error, without the
// go command's download progress.
func tail(s string) string {
	var lines []string
	for l := range strings.Lines(s) {
		if !strings.HasPrefix(l, "go: downloading ") {
			lines = append(lines, strings.TrimRight(l, "\n"))
		}
	}
	if len(lines) > 20 {
		lines = append([]string{"…"}, lines[len(lines)-20:]...)
	}
	return strings.Join(lines, "\n")
}

// escape case-encodes a module path or version as the module cache does:
// each upper-case letter becomes '!' and its lower case.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// targets returns the distinct module versions of cases, bad and good,
// each with the packages of its cases and the dependencies pins pin for
// it, sorted.
func targets(cases []*Case, pins []*pin) []*target {
	byKey := make(map[string]*target)
	var ts []*target
	for _, c := range cases {
		for _, v := range []string{c.Bad, c.Good} {
			key := c.Module + "@" + v
			t := byKey[key]
			if t == nil {
				t = &target{module: c.Module, version: v}
				byKey[key] = t
				ts = append(ts, t)
			}
			if !slices.Contains(t.packages, c.Package) {
				t.packages = append(t.packages, c.Package)
			}
		}
	}
	for _, t := range ts {
		slices.Sort(t.packages)
		t.requires = pinsOf(t, pins)
	}
	slices.SortFunc(ts, func(a, b *target) int { return strings.Compare(a.String(), b.String()) })
	return ts
}

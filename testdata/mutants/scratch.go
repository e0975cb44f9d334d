package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// A scratch is the writable copy of one module version, inside a scratch
// module that has the corpus's build list (its go.mod and go.sum) and
// replaces the module with the copy.
type scratch struct {
	module, version string
	dir             string // the scratch module
	src             string // the copy of the module, dir/src
	pristine        string // the module in the module cache
}

// commandTimeout bounds each go or closewait command.
const commandTimeout = 30 * time.Minute

// goEnv is the environment of the commands run in a scratch module.
func goEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOTOOLCHAIN=local")
}

// stampVersion changes when the layout of a scratch module changes.
const stampVersion = "mutants scratch 1\n"

// newScratch prepares the scratch module of module@version under cache,
// reusing the copy of an earlier run when its inputs did not change.
// corpus is the corpus module's directory, root the repository's.
func newScratch(cache, corpus, root, module, version string) (*scratch, error) {
	s := &scratch{module: module, version: version, dir: filepath.Join(cache, escape(module)+"@"+escape(version))}
	s.src = filepath.Join(s.dir, "src")
	if err := os.MkdirAll(cache, 0o777); err != nil {
		return nil, err
	}
	pristine, err := moduleDir(cache, module, version)
	if err != nil {
		return nil, err
	}
	s.pristine = pristine
	gomod, err := os.ReadFile(filepath.Join(corpus, "go.mod"))
	if err != nil {
		return nil, err
	}
	gosum, err := os.ReadFile(filepath.Join(corpus, "go.sum"))
	if err != nil {
		return nil, err
	}
	mod, err := scratchGoMod(gomod, root, module)
	if err != nil {
		return nil, err
	}
	stampFile := filepath.Join(s.dir, "mutants.stamp")
	stamp := stampVersion + pristine + "\n" + mod
	if old, err := os.ReadFile(stampFile); err == nil && string(old) == stamp {
		return s, nil
	}
	if err := os.RemoveAll(s.dir); err != nil {
		return nil, err
	}
	if err := copyTree(pristine, s.src); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(s.src, "go.mod")); errors.Is(err, fs.ErrNotExist) {
		if err := os.WriteFile(filepath.Join(s.src, "go.mod"), []byte("module "+module+"\n"), 0o666); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(s.dir, "go.mod"), []byte(mod), 0o666); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(s.dir, "go.sum"), gosum, 0o666); err != nil {
		return nil, err
	}
	return s, os.WriteFile(stampFile, []byte(stamp), 0o666)
}

var (
	moduleLineRx = regexp.MustCompile(`(?m)^module .*$`)
	localReplRx  = regexp.MustCompile(`(?m)^(replace\s+\S+(?:\s+\S+)?\s+=>\s+)(\.\.?/\S*)\s*$`)
)

// scratchGoMod turns the corpus's go.mod into the scratch module's: its
// own module path, local replacements made absolute, and module replaced
// by the copy in ./src.
func scratchGoMod(gomod []byte, root, module string) (string, error) {
	s := string(gomod)
	if !moduleLineRx.MatchString(s) {
		return "", fmt.Errorf("the corpus go.mod has no module line")
	}
	s = moduleLineRx.ReplaceAllString(s, "module mutants.scratch")
	corpusDir := filepath.Join(root, "testdata", "corpus")
	s = localReplRx.ReplaceAllStringFunc(s, func(l string) string {
		m := localReplRx.FindStringSubmatch(l)
		return m[1] + filepath.Join(corpusDir, m[2])
	})
	if strings.Contains(s, "replace "+module+" ") {
		return "", fmt.Errorf("the corpus go.mod already replaces %s", module)
	}
	return s + "\nreplace " + module + " => ./src\n", nil
}

// moduleDir returns the directory of module@version in the module cache,
// downloading it when it is not there. dir is outside every module, so
// that no go.mod or go.sum changes.
func moduleDir(dir, module, version string) (string, error) {
	out, err := command(dir, "go", "mod", "download", "-json", module+"@"+version)
	if err != nil {
		return "", err
	}
	var m struct{ Dir string }
	if err := json.Unmarshal([]byte(out), &m); err != nil || m.Dir == "" {
		return "", fmt.Errorf("go mod download %s@%s: no directory in %q", module, version, out)
	}
	return m.Dir, nil
}

// restore copies the named files (relative to the module root) back from
// the module cache.
func (s *scratch) restore(files []string) error {
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(s.pristine, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(s.src, f), data, 0o666); err != nil {
			return err
		}
	}
	return nil
}

// copyTree copies the regular files of from to to, writable.
func copyTree(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o777)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o666)
	})
}

// closewaitRun runs closewait -json on pkgs in the scratch module and
// returns its standard output. closewait exits 3 when it finds leaks.
func (s *scratch) closewaitRun(closewait, cacheDir string, pkgs []string) (string, error) {
	args := append([]string{"-json", "-test=false", "-cache=" + cacheDir}, pkgs...)
	out, err := command(s.dir, closewait, args...)
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 3) {
		return "", err
	}
	return out, nil
}

// command runs a command in dir with goEnv and returns its standard
// output; its error ends with the last lines of the standard error.
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

// tail returns the last lines of a command's standard error.
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

// escape case-encodes a module path or version as the module cache does.
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

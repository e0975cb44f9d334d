package lint

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// A changeSet is the lines of a git working tree changed since a
// revision: by file (a real absolute path), the changed lines, or nil
// for a file that is new as a whole (added since, or untracked).
type changeSet struct {
	rev   string
	top   string // the working tree's root, symbolic links resolved
	files map[string]map[int]bool
	real  map[string]string // memo of realDir
}

// gitChanges returns the lines changed since rev in the git working tree
// that holds dir: those `git diff REV` shows as added or changed (a
// deletion counts for the lines on either side of it), and every line of
// the untracked files that are not ignored. The working tree is compared,
// staged or not, as pre-commit leaves it when it runs hooks.
func gitChanges(dir, rev string) (*changeSet, error) {
	if _, err := exec.LookPath("git"); err != nil {
		return nil, fmt.Errorf("-new-from-rev: %v", err)
	}
	if dir == "" {
		dir = "."
	}
	out, err := git(dir, "rev-parse", "--show-toplevel")
	if err != nil {
		abs, _ := filepath.Abs(dir)
		return nil, fmt.Errorf("-new-from-rev: %s is not in a git working tree (%v)", abs, err)
	}
	top, err := filepath.EvalSymlinks(strings.TrimSpace(out))
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: %v", err)
	}
	sha, err := git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		if _, err := git(top, "rev-parse", "--verify", "--quiet", "HEAD"); err != nil {
			return nil, fmt.Errorf("-new-from-rev: unknown revision %q in %s, which has no commit yet", rev, top)
		}
		return nil, fmt.Errorf("-new-from-rev: unknown revision %q in %s", rev, top)
	}
	sha = strings.TrimSpace(sha)
	diff, err := git(top, "-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv",
		"-M", "--src-prefix=a/", "--dst-prefix=b/", "-U0", sha, "--")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: git diff %s: %v", rev, err)
	}
	c := &changeSet{rev: rev, top: top, files: make(map[string]map[int]bool), real: make(map[string]string)}
	if err := c.parseDiff(diff); err != nil {
		return nil, fmt.Errorf("-new-from-rev: reading git diff %s: %v", rev, err)
	}
	untracked, err := git(top, "-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard")
	if err != nil {
		return nil, fmt.Errorf("-new-from-rev: git ls-files: %v", err)
	}
	for _, name := range strings.Split(untracked, "\x00") {
		if name != "" {
			c.files[filepath.Join(top, filepath.FromSlash(name))] = nil
		}
	}
	return c, nil
}

// git runs git in dir and returns its standard output, or an error
// holding its standard error.
func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", errors.New(msg)
		}
		return "", err
	}
	return stdout.String(), nil
}

// parseDiff records the changed lines of a unified diff with no context
// (git diff -U0).
func (c *changeSet) parseDiff(diff string) error {
	var lines map[int]bool // of the current file, or nil outside one
	inFile := false
	sc := bufio.NewScanner(strings.NewReader(diff))
	sc.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "diff --git "):
			inFile, lines = false, nil
		case strings.HasPrefix(line, "+++ "):
			name := strings.TrimPrefix(line, "+++ ")
			if name == "/dev/null" { // deleted
				inFile = false
				continue
			}
			if strings.HasPrefix(name, `"`) {
				u, err := strconv.Unquote(name)
				if err != nil {
					return fmt.Errorf("file name %s: %v", name, err)
				}
				name = u
			}
			name, ok := strings.CutPrefix(name, "b/")
			if !ok {
				return fmt.Errorf("unexpected file name %q", name)
			}
			lines = make(map[int]bool)
			inFile = true
			c.files[filepath.Join(c.top, filepath.FromSlash(name))] = lines
		case strings.HasPrefix(line, "@@ ") && inFile:
			start, n, err := newRange(line)
			if err != nil {
				return err
			}
			if n == 0 { // a deletion after line start
				lines[start], lines[start+1] = true, true
			}
			for l := start; l < start+n; l++ {
				lines[l] = true
			}
		}
	}
	return sc.Err()
}

// newRange parses the new side of a hunk header, "@@ -a,b +c,d @@": its
// first line and number of lines (1 when ",d" is left out).
func newRange(header string) (start, n int, err error) {
	f := strings.Fields(header)
	if len(f) < 3 || !strings.HasPrefix(f[2], "+") {
		return 0, 0, fmt.Errorf("bad hunk header %q", header)
	}
	s, count, ok := strings.Cut(f[2][1:], ",")
	if start, err = strconv.Atoi(s); err != nil {
		return 0, 0, fmt.Errorf("bad hunk header %q", header)
	}
	n = 1
	if ok {
		if n, err = strconv.Atoi(count); err != nil {
			return 0, 0, fmt.Errorf("bad hunk header %q", header)
		}
	}
	return start, n, nil
}

// changed reports whether line of file (an absolute path as the go
// command names it) changed.
func (c *changeSet) changed(file string, line int) bool {
	lines, ok := c.files[c.realPath(file)]
	return ok && (lines == nil || lines[line])
}

// realPath returns file with the symbolic links of its directory
// resolved, as git's paths are under the resolved top.
func (c *changeSet) realPath(file string) string {
	dir := filepath.Dir(file)
	real, ok := c.real[dir]
	if !ok {
		var err error
		if real, err = filepath.EvalSymlinks(dir); err != nil {
			real = dir
		}
		c.real[dir] = real
	}
	return filepath.Join(real, filepath.Base(file))
}

// touches reports whether f's acquisition or one of its leaking exits
// (its related positions) is on a changed line.
func (c *changeSet) touches(f *checkFinding) bool {
	positions := []token.Pos{f.diag.Pos}
	for _, rel := range f.diag.Related {
		positions = append(positions, rel.Pos)
	}
	for _, pos := range positions {
		if !pos.IsValid() {
			continue
		}
		if p := f.fset.PositionFor(pos, false); c.changed(p.Filename, p.Line) {
			return true
		}
	}
	return false
}

package trace

import (
	"bytes"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A finding is one diagnostic of the static passes, as -check reports it.
type finding struct {
	Pass    string `json:"pass"`
	Posn    string `json:"posn"`
	Message string `json:"message"`
	// Confirmed reports whether sockets opened through the finding's line
	// are in CLOSE_WAIT or orphaned; Sockets, CloseWait and Orphaned
	// count the open sockets opened through it.
	Confirmed bool `json:"confirmed"`
	Sockets   int  `json:"sockets"`
	CloseWait int  `json:"close_wait"`
	Orphaned  int  `json:"orphaned"`
	// Via lists the sites, "function (file:line)", whose sockets were
	// created further down a call made at the finding's line, such as a
	// dial wrapper's; empty when the finding's line is the site itself.
	Via []string `json:"via,omitempty"`

	file  string
	line  int
	shown string // Posn as the text report shows it
}

// A staticRun is the static passes running on the -check packages while
// the process is traced.
type staticRun struct {
	done     chan struct{}
	findings []*finding
	err      error
}

// startStatic runs the static passes on t's packages, through this
// executable's standalone mode and its JSON output, leaving out test
// files (they are not part of the traced program), until ctx is done.
func startStatic(ctx context.Context, cfg *config, t *checkTarget) *staticRun {
	s := &staticRun{done: make(chan struct{})}
	go func() {
		defer close(s.done)
		exe := cfg.self
		if exe == "" {
			var err error
			if exe, err = os.Executable(); err != nil {
				s.err = err
				return
			}
		}
		cmd := exec.CommandContext(ctx, exe, append([]string{"-format=json", "-test=false"}, t.patterns...)...)
		cmd.Dir, cmd.Env = t.dir, t.env
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		runErr := cmd.Run()
		findings, err := parseFindings(stdout.Bytes())
		if err != nil {
			msg := strings.TrimSpace(stderr.String())
			if msg == "" && runErr != nil {
				msg = runErr.Error()
			}
			s.err = fmt.Errorf("the static passes failed: %s", msg)
			return
		}
		s.findings = findings
	}()
	return s
}

// beginCheck validates and prepares the -check packages before tracing,
// then starts the static passes, which run while the process is traced;
// an interrupt that ends the trace does not stop them. done removes what
// they needed. A process whose executable cannot be read gets no passes:
// run refuses it with the reason.
func beginCheck(ctx context.Context, cfg *config, stderr io.Writer) (s *staticRun, done func(), err error) {
	bi, err := buildinfo.ReadFile(fmt.Sprintf("/proc/%d/exe", cfg.pid))
	if err != nil {
		return nil, func() {}, nil
	}
	target, err := prepareCheck(ctx, cfg, bi)
	if err != nil {
		return nil, nil, err
	}
	for _, note := range target.notes {
		fmt.Fprintf(stderr, "closewait trace: -check: %s\n", note)
	}
	staticCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	return startStatic(staticCtx, cfg, target), func() { cancel(); target.close() }, nil
}

// wait returns the findings once the passes are done.
func (s *staticRun) wait() ([]*finding, error) {
	<-s.done
	return s.findings, s.err
}

// confirm marks each finding through whose line sockets of a reported
// site were opened: the site's own line, or any frame of the stack it was
// created from (a finding on the call of a dial wrapper is one frame
// above the wrapper's dial).
func confirm(r *report, findings []*finding, cfg *config) {
	for _, f := range findings {
		for _, s := range r.Sites {
			at, ok := frameAt(cfg.names, s.Stack, f.file, f.line)
			if !ok {
				continue
			}
			f.Sockets += s.Sockets
			f.CloseWait += s.CloseWait
			f.Orphaned += s.Orphaned
			f.Confirmed = f.Confirmed || s.CloseWait+s.Orphaned > 0
			if at.Function != s.Function || at.Line != s.Line || at.File != s.File {
				f.Via = append(f.Via, fmt.Sprintf("%s (%s:%d)", s.Function, cfg.names.display(s.File), s.Line))
			}
			s.Findings = append(s.Findings, f.Pass+": "+f.Message)
		}
		f.Posn = relative(cfg.dir, f.Posn)
		f.shown = cfg.names.display(f.file) + strings.TrimPrefix(f.Posn, relative(cfg.dir, f.file))
	}
	r.Findings = findings
	if r.Findings == nil {
		r.Findings = []*finding{}
	}
	r.checked = true
}

// frameAt returns the first frame of stack at file:line.
func frameAt(names pathNamer, stack []frame, file string, line int) (frame, bool) {
	for _, fr := range stack {
		if fr.Line == line && names.sameFile(fr.File, file) {
			return fr, true
		}
	}
	return frame{}, false
}

// parseFindings reads the JSON of the standalone driver: per package, per
// pass, a list of diagnostics or an object with an error.
func parseFindings(data []byte) ([]*finding, error) {
	var byPkg map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &byPkg); err != nil {
		return nil, err
	}
	var out []*finding
	seen := make(map[string]bool)
	for _, byPass := range byPkg {
		for pass, raw := range byPass {
			var diags []struct {
				Posn    string `json:"posn"`
				Message string `json:"message"`
			}
			if json.Unmarshal(raw, &diags) != nil {
				var e struct {
					Error string `json:"error"`
				}
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					return nil, fmt.Errorf("%s: %s", pass, e.Error)
				}
				continue
			}
			for _, d := range diags {
				// A package and its test variant report the same
				// findings of the package's own files: keep one.
				key := pass + "\x00" + d.Posn + "\x00" + d.Message
				if seen[key] {
					continue
				}
				seen[key] = true
				f := &finding{Pass: pass, Posn: d.Posn, Message: d.Message}
				f.file, f.line = splitPosn(d.Posn)
				out = append(out, f)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].file != out[j].file {
			return out[i].file < out[j].file
		}
		return out[i].line < out[j].line
	})
	return out, nil
}

// posnRE matches "file:line:col" or "file:line".
var posnRE = regexp.MustCompile(`^(.*?):(\d+)(?::\d+)?$`)

// splitPosn returns the file and line of a position.
func splitPosn(posn string) (string, int) {
	m := posnRE.FindStringSubmatch(posn)
	if m == nil {
		return posn, 0
	}
	line, _ := strconv.Atoi(m[2])
	return m[1], line
}

// A pathNamer matches and names the files of sites and findings.
type pathNamer struct {
	dir      string // the working directory
	modCache string // the module cache of the go command here, "" if unknown
}

// moduleFile returns "module@version/path" for a file of a module cache:
// this machine's, one at ".../pkg/mod/" (the default, as on the machine
// that built the binary), or that form itself, as -trimpath writes it.
// It returns "" for any other file.
func (p pathNamer) moduleFile(file string) string {
	switch {
	case p.modCache != "" && strings.HasPrefix(file, p.modCache+"/"):
		file = file[len(p.modCache)+1:]
	case strings.Contains(file, "/pkg/mod/"):
		file = file[strings.Index(file, "/pkg/mod/")+len("/pkg/mod/"):]
	case filepath.IsAbs(file):
		return ""
	}
	at := strings.Index(file, "@")
	if at < 0 || !strings.Contains(file[at:], "/") {
		return ""
	}
	return file
}

// sameFile reports whether the file of a site (as the binary's debug
// information names it: absolute, or module-relative when built with
// -trimpath) is the file of a finding (absolute).
func (p pathNamer) sameFile(site, finding string) bool {
	if site == finding {
		return true
	}
	// A file of a module in a module cache: the same module version,
	// whichever cache (or -trimpath) the binary was built with.
	if m := p.moduleFile(site); m != "" {
		return m == p.moduleFile(finding)
	}
	if filepath.IsAbs(site) {
		return false
	}
	// -trimpath: "module/path/dir/file.go"; compare the directory and file.
	tail := func(p string) string {
		dir, file := filepath.Split(filepath.Clean(p))
		return filepath.Join(filepath.Base(dir), file)
	}
	return tail(site) == tail(finding)
}

// display returns how the text report names a file: enough to find it.
// A file of a module cache is "module@version/path", one below the
// working directory is relative to it, any other as the binary names it
// (absolute, or "module/path" when built with -trimpath).
func (p pathNamer) display(file string) string {
	if m := p.moduleFile(file); m != "" {
		return m
	}
	if filepath.IsAbs(file) {
		return relative(p.dir, file)
	}
	return file
}

// goModCache returns the module cache of the go command run in dir, or ""
// if there is no go command.
func goModCache(dir string) string {
	cmd := exec.Command("go", "env", "GOMODCACHE")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// relative returns posn relative to dir when it is below it.
func relative(dir, posn string) string {
	if rel, err := filepath.Rel(dir, posn); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return posn
}

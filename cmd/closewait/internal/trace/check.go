package trace

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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
	// Site is the live site at the finding's acquisition line, if any.
	Confirmed bool `json:"confirmed"`
	Sockets   int  `json:"sockets"`
	CloseWait int  `json:"close_wait"`
	Orphaned  int  `json:"orphaned"`

	file string
	line int
}

// confirm runs the static passes on cfg.check, through this executable's
// standalone mode and its JSON output, and marks each finding whose
// acquisition is a reported site.
func confirm(ctx context.Context, r *report, cfg *config) error {
	exe := cfg.self
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return err
		}
	}
	cmd := exec.CommandContext(ctx, exe, append([]string{"-format=json"}, cfg.check...)...)
	cmd.Dir = cfg.dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	findings, err := parseFindings(stdout.Bytes())
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" && runErr != nil {
			msg = runErr.Error()
		}
		return fmt.Errorf("the static passes failed: %s", msg)
	}
	for _, f := range findings {
		for _, s := range r.Sites {
			if s.Line != f.line || !sameFile(s.File, f.file) {
				continue
			}
			f.Sockets += s.Sockets
			f.CloseWait += s.CloseWait
			f.Orphaned += s.Orphaned
			f.Confirmed = f.Confirmed || s.CloseWait+s.Orphaned > 0
			s.Findings = append(s.Findings, f.Pass+": "+f.Message)
		}
		f.Posn = relative(cfg.dir, f.Posn)
	}
	r.Findings = findings
	r.checked = true
	return nil
}

// parseFindings reads the JSON of the standalone driver: per package, per
// pass, a list of diagnostics or an object with an error.
func parseFindings(data []byte) ([]*finding, error) {
	var byPkg map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &byPkg); err != nil {
		return nil, err
	}
	var out []*finding
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

// sameFile reports whether the file of a site (as the binary's debug
// information names it: absolute, or module-relative when built with
// -trimpath) is the file of a finding (absolute).
func sameFile(site, finding string) bool {
	if site == finding {
		return true
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

// relative returns posn relative to dir when it is below it.
func relative(dir, posn string) string {
	if rel, err := filepath.Rel(dir, posn); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return posn
}

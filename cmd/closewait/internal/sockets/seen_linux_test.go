package sockets

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// noSuchPID returns a process id that no process has.
func noSuchPID(t *testing.T) int {
	t.Helper()
	for pid := 4194000; pid > 1000; pid -= 977 {
		if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); os.IsNotExist(err) {
			return pid
		}
	}
	t.Fatal("no free pid found")
	return 0
}

// TestSocketsMissingPID checks that -pid naming no process is an error,
// not an empty, passing report, one-shot and under -watch.
func TestSocketsMissingPID(t *testing.T) {
	pid := strconv.Itoa(noSuchPID(t))
	for _, args := range [][]string{
		{"-pid", pid, "-max", "0"},
		{"-pid", pid + "," + pidArg(), "-max", "0"},
		{"-pid", pid, "-json"},
		{"-pid", pid, "-watch", "100ms", "-count", "2"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(args, &stdout, &stderr, nil)
		if code != 2 || !strings.Contains(stderr.String(), "no process "+pid) {
			t.Errorf("sockets %v: exit %d, stderr %q; want exit 2 naming process %s", args, code, stderr.String(), pid)
		}
	}
}

// TestSocketsUnreadable runs closewait sockets as an unprivileged user
// while the test process (root) holds a CLOSE_WAIT socket: its owner
// cannot be read, so it is listed with pid "?" and counted, and neither a
// health check (-max) nor a look at that process (-pid) passes.
func TestSocketsUnreadable(t *testing.T) {
	asNobody := commandAsNobody(t)
	s := newLeaker(t).leak(false)
	local := s.LocalAddr().String()

	if r := asNobody("-max", "1000000"); r.code != 2 || !strings.Contains(r.stderr, "-max: cannot check") {
		t.Errorf("-max as nobody: exit %d, stderr %q; want 2 with the reason", r.code, r.stderr)
	}
	if r := asNobody("-pid", pidArg()); r.code != 2 || !strings.Contains(r.stderr, "cannot read the descriptors of process "+pidArg()) {
		t.Errorf("-pid %s as nobody: exit %d, stderr %q; want 2 with the reason", pidArg(), r.code, r.stderr)
	}
	r := asNobody()
	if r.code != 0 {
		t.Fatalf("as nobody: exit %d: %s", r.code, r.stderr)
	}
	found := false
	for _, line := range strings.Split(r.stdout, "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[0] == "CLOSE_WAIT" && f[3] == local {
			found = true
			if f[1] != "?" || f[2] != "(unknown)" {
				t.Errorf("group of the unreadable socket: %q; want pid ? and command (unknown)", line)
			}
		}
	}
	if !found || !strings.Contains(r.stdout, "PID ?: ") {
		t.Errorf("as nobody: no group for %s, or no note on unknown owners:\n%s", local, r.stdout)
	}
	r = asNobody("-json")
	var rep struct {
		Unowned int `json:"unowned_sockets"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Unowned < 1 {
		t.Errorf("-json as nobody: unowned_sockets %d (err %v), want at least 1", rep.Unowned, err)
	}
}

// A runResult is what a run of the command printed and its exit code.
type runResult struct {
	stdout, stderr string
	code           int
}

// commandAsNobody returns a function that runs the sockets command as the
// unprivileged user nobody, through a copy of the test binary (see
// TestMain).
func commandAsNobody(t *testing.T) func(args ...string) runResult {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root, to run closewait as another user")
	}
	dir := t.TempDir()
	for _, d := range []string{dir, filepath.Dir(dir)} { // t.TempDir's are private
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// The test binary runs the command (see TestMain), from a copy that
	// nobody can read.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "closewait")
	data, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	return func(args ...string) runResult {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), asCommandEnv+"=1")
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
			t.Fatalf("running closewait sockets as nobody: %v", err)
		}
		return runResult{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
	}
}

// TestSocketsNonRootUnseen runs closewait sockets as an unprivileged user
// while a root process in another network namespace holds a CLOSE_WAIT
// socket: that namespace cannot be seen at all, and the report must say
// so instead of presenting all processes, and must not state a count of
// orphaned fds as if every process had been read.
func TestSocketsNonRootUnseen(t *testing.T) {
	asNobody := commandAsNobody(t)
	netnsHolder(t)
	r := asNobody()
	if r.code != 0 {
		t.Fatalf("as nobody: exit %d: %s", r.code, r.stderr)
	}
	header, _, _ := strings.Cut(r.stdout, "\n")
	if strings.Contains(header, "all processes") || !strings.Contains(header, "not seen: the network namespaces of") {
		t.Errorf("the header does not say what could not be seen: %q", header)
	}
	if !regexp.MustCompile(`Orphaned TCP fds .*: \d+ among the processes that could be read; the fds of \d+ processes of other users could not be read`).MatchString(r.stdout) {
		t.Errorf("the orphaned fds are counted as if every process had been read:\n%s", r.stdout)
	}
	r = asNobody("-json")
	var rep struct {
		NamespaceDenied int `json:"namespace_denied_processes"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.NamespaceDenied < 1 {
		t.Errorf("-json as nobody: namespace_denied_processes %d (err %v), want at least 1", rep.NamespaceDenied, err)
	}
}

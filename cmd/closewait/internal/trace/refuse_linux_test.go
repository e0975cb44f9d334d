package trace

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var closewaitBin string // built by buildClosewait

// buildClosewait builds the closewait command, once, into a directory that
// every user can read.
func buildClosewait(t *testing.T) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	if closewaitBin != "" {
		return closewaitBin
	}
	dir, err := os.MkdirTemp("", "closewait-trace-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(dir, 0o755)
	bin := filepath.Join(dir, "closewait")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/closewait/closewait/cmd/closewait").CombinedOutput(); err != nil {
		t.Fatalf("go build closewait: %v\n%s", err, out)
	}
	built["closewait"] = bin
	closewaitBin = bin
	return bin
}

// refusal runs Main on pid and checks that it exits 2 with one line
// containing want, and writes nothing to standard output.
func refusal(t *testing.T, pid int, want string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main([]string{"-pid", strconv.Itoa(pid), "-for", "100ms"}, &stdout, &stderr)
	msg := stderr.String()
	if code != 2 || stdout.Len() != 0 || !strings.Contains(msg, want) || strings.Count(msg, "\n") != 1 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one line with %q", code, &stdout, msg, want)
	}
}

// TestRefuseNonGo refuses a process that is not a Go program.
func TestRefuseNonGo(t *testing.T) {
	requireBPF(t)
	cmd := exec.Command("sleep", "60")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	refusal(t, cmd.Process.Pid, "is not a Go program (no Go build information in its executable)")
}

// TestRefuseGone refuses a process that does not exist.
func TestRefuseGone(t *testing.T) {
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	refusal(t, cmd.Process.Pid, "no process "+strconv.Itoa(cmd.Process.Pid))
}

// TestRefuseNotRoot runs closewait trace as an unprivileged user, against
// a Go process of that user, through setpriv.
func TestRefuseNotRoot(t *testing.T) {
	requireBPF(t)
	asNobody := []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"}
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Fatalf("setpriv (util-linux) is needed: %v", err)
	}
	cw := buildClosewait(t)
	l := startLeaker(t, asNobody, buildLeaker(t))
	argv := append(append([]string{}, asNobody...), cw, "trace", "-pid", strconv.Itoa(l.pid), "-for", "100ms")
	cmd := exec.Command(argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	want := "permission denied: run as root (or with CAP_SYS_ADMIN, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)"
	if code != 2 || !strings.Contains(stderr.String(), want) || strings.Contains(stderr.String(), "goroutine ") {
		t.Errorf("as nobody: %v, exit %d, stderr %q; want exit 2 and %q", err, code, &stderr, want)
	}
}

// TestUsage checks the errors of a bad command line.
func TestUsage(t *testing.T) {
	for args, want := range map[string]string{
		"":                      "-pid is required",
		"-pid x":                `-pid: "x" is not a process id`,
		"-pid 1 -state nothing": "-state:",
		"-pid 1 -for -1s":       "-for: -1s is negative",
		"-pid 1 ./...":          "packages go with -check",
		"-pid 1 -nosuchflag":    "flag provided but not defined: -nosuchflag",
	} {
		var stdout, stderr bytes.Buffer
		code := Main(strings.Fields(args), &stdout, &stderr)
		if code != 2 || !strings.Contains(stderr.String(), want) {
			t.Errorf("%q: exit %d, stderr %q; want 2 and %q", args, code, &stderr, want)
		}
		// The error and a pointer to -help, not the whole usage.
		if n := strings.Count(stderr.String(), "\n"); n > 2 || !strings.Contains(stderr.String(), "-help") {
			t.Errorf("%q: %d lines of stderr, want the error and a pointer to -help:\n%s", args, n, &stderr)
		}
	}
	var stdout, stderr bytes.Buffer
	if code := Main([]string{"-help"}, &stdout, &stderr); code != 0 || !strings.Contains(stderr.String(), "Exit status:") {
		t.Errorf("-help: exit %d, stderr:\n%s", code, &stderr)
	}
}

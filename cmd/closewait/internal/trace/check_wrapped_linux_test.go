package trace

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// traceCommand runs the closewait binary cw as "trace -pid P args..." on
// the running test program l, in dir with env (nil: the test's), tells l
// to make its connections once tracing has begun, interrupts the trace
// once l holds n sockets in CLOSE_WAIT, and returns the exit code, the
// standard output and the standard error.
func traceCommand(t *testing.T, cw string, l *leaker, n int, dir string, env []string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(cw, append([]string{"trace", "-pid", strconv.Itoa(l.pid)}, args...)...)
	cmd.Dir, cmd.Env = dir, env
	var stdout bytes.Buffer
	stderr := &syncWriter{want: "tracing pid", seen: make(chan struct{})}
	seen := stderr.seen
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	select {
	case <-seen:
	case <-exited:
		return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
	}
	fmt.Fprintln(l.stdin, "go")
	l.expect(t, "done")
	waitCloseWait(t, l.pid, n)
	cmd.Process.Signal(syscall.SIGINT)
	<-exited
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// wrappedLines returns the lines of the SITE marks of testdata/wrapped.
func wrappedLines(t *testing.T) map[string]int {
	t.Helper()
	src, err := os.ReadFile("testdata/wrapped/main.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := make(map[string]int)
	sc := bufio.NewScanner(bytes.NewReader(src))
	for i := 1; sc.Scan(); i++ {
		if m := regexp.MustCompile(`// SITE\((.+)\)`).FindStringSubmatch(sc.Text()); m != nil {
			lines[m[1]] = i
		}
	}
	return lines
}

// TestCheckThroughWrapper traces a program that dials through a wrapper,
// with -check on its package: the socket is created on the wrapper's line,
// the static finding is on the wrapper's call one frame up, in the
// recorded stack; it must be confirmed, and name the wrapper's line. The
// package has a test file, whose variant of the package must not make the
// finding appear twice.
func TestCheckThroughWrapper(t *testing.T) {
	requireBPF(t)
	cw := buildClosewait(t)
	l := startLeaker(t, nil, buildProgram(t, "./testdata/wrapped"))
	code, out, errs := traceCommand(t, cw, l, 3, "", nil, "-check", "./testdata/wrapped")
	if code != 3 {
		t.Errorf("exit code %d, want 3; stderr:\n%s", code, errs)
	}
	lines := wrappedLines(t)
	posn := fmt.Sprintf("testdata/wrapped/main.go:%d:12: net.Conn c from dial is not closed on the io.EOF return", lines["greet"])
	want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(posn) + `.*\n\tconfirmed: 3 sockets in CLOSE_WAIT opened here, created in main\.dial \(testdata/wrapped/main\.go:` + strconv.Itoa(lines["wrapper"]) + `\)\n`)
	if !want.MatchString(out) {
		t.Errorf("the finding on the wrapper's call is not confirmed through the wrapper's line %d:\n%s", lines["wrapper"], out)
	}
	if n := strings.Count(out, posn); n != 1 {
		t.Errorf("the finding is printed %d times, want once:\n%s", n, out)
	}
}

// TestExitOrphaned traces a program whose leaked connections are reset
// while traced: orphaned fds, in no socket table, are leaks (exit 3), even
// with no socket in CLOSE_WAIT.
func TestExitOrphaned(t *testing.T) {
	requireBPF(t)
	l := startLeaker(t, nil, buildProgram(t, "./testdata/wrapped"), "-greet", "0", "-reset", "3")
	code, out, errs := traceProgram(t, l, 0, "-json")
	if code != 3 {
		t.Errorf("exit code %d, want 3 (orphaned fds); stderr:\n%s", code, errs)
	}
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	orphaned := 0
	for _, s := range r.Sites {
		orphaned += s.Orphaned
	}
	if orphaned != 3 {
		t.Errorf("%d orphaned sockets attributed, want 3:\n%s", orphaned, out)
	}
}

// TestExitUnattributed traces a program after it leaked: its sockets in
// CLOSE_WAIT were opened before tracing, so none is attributed, but the
// process is not clean (exit 3), and the report says to trace across the
// leak's growth.
func TestExitUnattributed(t *testing.T) {
	requireBPF(t)
	l := startLeaker(t, nil, buildProgram(t, "./testdata/wrapped"))
	fmt.Fprintln(l.stdin, "go")
	l.expect(t, "done")
	waitCloseWait(t, l.pid, 3)
	var stdout, stderr bytes.Buffer
	code := Main([]string{"-pid", strconv.Itoa(l.pid), "-for", "300ms"}, &stdout, &stderr)
	if code != 3 {
		t.Errorf("exit code %d, want 3 (unattributed sockets in CLOSE_WAIT); stderr:\n%s", code, &stderr)
	}
	for _, want := range []string{"not attributed: 5 open sockets opened before tracing began (3 in CLOSE_WAIT, 0 orphaned)", "the process leaks, but not while traced"} {
		if !strings.Contains(stdout.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, &stdout)
		}
	}
}

// TestCheckRefusedBeforeTracing gives -check a pattern that matches
// nothing: it is refused at once, before anything is traced, rather than
// after the trace.
func TestCheckRefusedBeforeTracing(t *testing.T) {
	requireBPF(t)
	l := startLeaker(t, nil, buildProgram(t, "./testdata/wrapped"))
	var stdout, stderr bytes.Buffer
	code := Main([]string{"-pid", strconv.Itoa(l.pid), "-for", "1h", "-check", "./nosuch"}, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), "-check: package ./nosuch") || strings.Contains(stderr.String(), "tracing pid") || stdout.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 before tracing, naming ./nosuch", code, &stdout, &stderr)
	}
}

// TestTraceWindow traces for 300ms a stopped program that holds orphaned
// fds: the scan that follows the trace waits for the program to have its
// chance to close them (it cannot: it is stopped, so the wait is long),
// and that wait is not part of the traced window that the report states.
func TestTraceWindow(t *testing.T) {
	requireBPF(t)
	l := startLeaker(t, nil, buildProgram(t, "./testdata/wrapped"), "-greet", "0", "-reset", "3")
	fmt.Fprintln(l.stdin, "go")
	l.expect(t, "done")
	p, err := os.FindProcess(l.pid)
	if err != nil {
		t.Fatal(err)
	}
	p.Signal(syscall.SIGSTOP)
	defer p.Signal(syscall.SIGCONT)
	var stdout, stderr bytes.Buffer
	Main([]string{"-pid", strconv.Itoa(l.pid), "-for", "300ms", "-json"}, &stdout, &stderr)
	var r report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s%s", err, &stdout, &stderr)
	}
	if r.DurationMS < 300 || r.DurationMS >= 800 {
		t.Errorf("duration_ms %d for -for 300ms; want the traced window, 300ms and the drain of the probes' ring, not the scan after it", r.DurationMS)
	}
}

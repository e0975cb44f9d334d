package trace

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"

	"github.com/closewait/closewait/internal/sockscan"
)

// requireBPF skips the test, with the reason, where uprobes cannot be
// used; under CI=true it fails instead, since CI runs as root on a kernel
// that has them.
func requireBPF(t *testing.T) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "not root"
	} else if _, err := os.Stat("/sys/bus/event_source/devices/uprobe"); err != nil {
		why = "no uprobe support in this kernel"
	} else {
		prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.Kprobe, License: "Dual BSD/GPL",
			Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()}})
		if err != nil {
			why = fmt.Sprintf("cannot load a BPF program: %v", err)
		} else {
			prog.Close()
		}
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("eBPF uprobes unavailable under CI: %s", why)
	}
	t.Skipf("eBPF uprobes unavailable: %s", why)
}

var (
	buildMu sync.Mutex
	built   = make(map[string]string)
)

// buildLeaker builds testdata/leaker with the given go build flags, once
// per set of flags, into a directory that every user can read.
func buildLeaker(t *testing.T, flags ...string) string {
	t.Helper()
	return buildProgram(t, "./testdata/leaker", flags...)
}

// buildProgram builds the test program in dir (./testdata/NAME) with the
// given go build flags, once per set of flags, into a directory that
// every user can read.
func buildProgram(t *testing.T, dir string, flags ...string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	key := dir + " " + strings.Join(flags, " ")
	if bin, ok := built[key]; ok {
		return bin
	}
	tmp, err := os.MkdirTemp("", "closewait-trace-")
	if err != nil {
		t.Fatal(err)
	}
	os.Chmod(tmp, 0o755)
	bin := filepath.Join(tmp, filepath.Base(dir))
	args := append(append([]string{"build", "-o", bin}, flags...), dir)
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	built[key] = bin
	return bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, bin := range built {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

// A leaker is a running testdata/leaker.
type leaker struct {
	pid   int
	stdin io.WriteCloser
	out   *bufio.Scanner
}

// startLeaker starts bin with args, with GOGC=off, prefixed by wrap, and waits
// until it is ready. It is stopped at the end of the test.
func startLeaker(t *testing.T, wrap []string, bin string, args ...string) *leaker {
	t.Helper()
	argv := append(append(append([]string{}, wrap...), bin), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "GOGC=off")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Process.Kill(); cmd.Wait() })
	l := &leaker{pid: cmd.Process.Pid, stdin: stdin, out: bufio.NewScanner(stdout)}
	l.expect(t, "ready")
	return l
}

func (l *leaker) expect(t *testing.T, line string) {
	t.Helper()
	if !l.out.Scan() || l.out.Text() != line {
		t.Fatalf("leaker printed %q (%v), want %q", l.out.Text(), l.out.Err(), line)
	}
}

// siteLines returns the line of each SITE(name) mark in the leaker.
func siteLines(t *testing.T) map[string]int {
	t.Helper()
	src, err := os.ReadFile("testdata/leaker/main.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := make(map[string]int)
	for i, l := range strings.Split(string(src), "\n") {
		if m := regexp.MustCompile(`// SITE\((.+)\)`).FindStringSubmatch(l); m != nil {
			lines[m[1]] = i + 1
		}
	}
	return lines
}

// syncWriter is a writer that tells when a line containing want was
// written.
type syncWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *syncWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(b)
	if w.seen != nil && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.seen = nil
	}
	return len(b), nil
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// traceLeaker traces l while it makes its connections, with the extra
// flags, until its leaks sit in CLOSE_WAIT, and returns the exit code,
// standard output and standard error of Main.
func traceLeaker(t *testing.T, l *leaker, flags ...string) (int, string, string) {
	t.Helper()
	return traceProgram(t, l, 9, flags...)
}

// traceProgram traces the test program l while it makes its connections,
// with the extra flags, until it holds n sockets in CLOSE_WAIT, and returns
// the exit code, standard output and standard error of Main.
func traceProgram(t *testing.T, l *leaker, n int, flags ...string) (int, string, string) {
	t.Helper()
	stderr := &syncWriter{want: "tracing pid", seen: make(chan struct{})}
	seen := stderr.seen
	var stdout bytes.Buffer
	code := make(chan int)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	args := append([]string{"-pid", strconv.Itoa(l.pid)}, flags...)
	go func() { code <- mainContext(ctx, args, &stdout, stderr) }()
	select {
	case <-seen:
	case c := <-code:
		t.Fatalf("trace exited %d before tracing: %s", c, stderr)
	}
	io.WriteString(l.stdin, "go\n")
	l.expect(t, "done")
	waitCloseWait(t, l.pid, n)
	cancel()
	c := <-code
	return c, stdout.String(), stderr.String()
}

// waitCloseWait waits, for 20s at most, until process pid holds n sockets
// in CLOSE_WAIT.
func waitCloseWait(t *testing.T, pid, n int) {
	t.Helper()
	got := 0
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		snap, err := sockscan.Scan(sockscan.ScanOptions{PIDs: []int{pid}, Owners: true, AllNamespaces: true})
		if err != nil {
			t.Fatal(err)
		}
		if got = len(snap.Sockets); got >= n {
			return
		}
	}
	t.Fatalf("the leaker holds %d sockets in CLOSE_WAIT after 20s, want %d", got, n)
}

// checkSites checks that the report lists exactly the leaker's three leaks,
// n sockets each, all in CLOSE_WAIT, at their lines.
func checkSites(t *testing.T, out string, n int) *report {
	t.Helper()
	var r report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, out)
	}
	lines := siteLines(t)
	want := map[string]string{ // site -> kind
		"accept": "accept",
		"dial":   "dial",
		"body":   "http request",
	}
	got := make(map[string]bool)
	for _, s := range r.Sites {
		name := ""
		for n, l := range lines {
			if l == s.Line && filepath.Base(s.File) == "main.go" {
				name = n
			}
		}
		kind, ok := want[name]
		if !ok {
			t.Errorf("unexpected site %s:%d %s (%s), %d in CLOSE_WAIT", s.File, s.Line, s.Function, s.Kind, s.CloseWait)
			continue
		}
		got[name] = true
		if s.Kind != kind || s.Sockets != n || s.CloseWait != n || s.Orphaned != 0 {
			t.Errorf("site %s (line %d): kind %q, %d sockets, %d in CLOSE_WAIT, %d orphaned; want %q and %d, all in CLOSE_WAIT", name, s.Line, s.Kind, s.Sockets, s.CloseWait, s.Orphaned, kind, n)
		}
		if len(s.Stack) == 0 || s.Stack[0].Function == "" {
			t.Errorf("site %s: no stack in the JSON", name)
		}
	}
	for name := range want {
		if !got[name] {
			t.Errorf("the leak at SITE(%s), line %d, was not reported:\n%s", name, lines[name], out)
		}
	}
	return &r
}

// TestTraceLeaks traces a program with a dial leak, an accept leak in a
// handler goroutine and a body leak through http.Get, next to a clean twin
// of each, built as an ordinary and as a position-independent executable,
// each with and without symbols and DWARF (-ldflags=-s -w): without DWARF
// the inlined calls (http.Get, net.Dial) are expanded from the line
// table's inlining trees, so the lines are the same.
func TestTraceLeaks(t *testing.T) {
	requireBPF(t)
	for _, tc := range []struct {
		name  string
		flags []string
	}{
		{"exe", nil},
		{"pie", []string{"-buildmode=pie"}},
		{"stripped", []string{"-ldflags=-s -w"}},
		{"stripped-pie", []string{"-buildmode=pie", "-ldflags=-s -w"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := startLeaker(t, nil, buildLeaker(t, tc.flags...))
			code, out, errs := traceLeaker(t, l, "-json")
			if code != 3 {
				t.Errorf("exit code %d, want 3 (sockets in CLOSE_WAIT); stderr:\n%s", code, errs)
			}
			if strings.Contains(errs, "note:") {
				t.Errorf("trace could not expand inlined calls:\n%s", errs)
			}
			r := checkSites(t, out, 3)
			// Each round of the leaker opens 10 TCP sockets (5 connections), the
			// clean client's first request 2 more, and its later ones more if
			// the server closed the idle connection between rounds; its files
			// and unix sockets are not counted.
			if r.Opened < 32 || r.Opened > 40 {
				t.Errorf("opened: %d TCP sockets, want 32 (at most 40)", r.Opened)
			}
			if r.Unattributed.Sockets != 4 || r.Unattributed.CloseWait != 0 {
				t.Errorf("unattributed: %+v, want the 4 listeners opened before tracing", r.Unattributed)
			}
		})
	}
}

// TestTraceText checks the text report's lines.
func TestTraceText(t *testing.T) {
	requireBPF(t)
	l := startLeaker(t, nil, buildLeaker(t))
	code, out, errs := traceLeaker(t, l)
	if code != 3 {
		t.Errorf("exit code %d, want 3; stderr:\n%s", code, errs)
	}
	lines := siteLines(t)
	for _, want := range []string{
		// The file relative to the working directory, where it is.
		fmt.Sprintf("3 sockets in CLOSE_WAIT opened at testdata/leaker/main.go:%d in main.main.func1 (accept)\n", lines["accept"]),
		fmt.Sprintf("3 sockets in CLOSE_WAIT opened at testdata/leaker/main.go:%d in main.dialLeak (dial)\n", lines["dial"]),
		fmt.Sprintf("3 sockets in CLOSE_WAIT opened at testdata/leaker/main.go:%d in main.bodyLeak (http request)\n", lines["body"]),
		"not attributed: 4 open sockets opened before tracing began (0 in CLOSE_WAIT, 0 orphaned)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

// TestTraceOtherNamespace traces a program in its own network namespace.
func TestTraceOtherNamespace(t *testing.T) {
	requireBPF(t)
	wrap := []string{"unshare", "-n", "sh", "-c", `ip link set lo up && exec "$0" "$@"`}
	if out, err := exec.Command(wrap[0], append(wrap[1:], "true")...).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot create a network namespace: %v: %s", err, out)
		}
		t.Skipf("cannot create a network namespace here: %v: %s", err, out)
	}
	l := startLeaker(t, wrap, buildLeaker(t))
	self, _ := os.Readlink("/proc/self/ns/net")
	child, _ := os.Readlink(fmt.Sprintf("/proc/%d/ns/net", l.pid))
	if self == child {
		t.Fatal("the leaker is in the test's network namespace")
	}
	code, out, errs := traceLeaker(t, l, "-json")
	if code != 3 {
		t.Errorf("exit code %d, want 3; stderr:\n%s", code, errs)
	}
	checkSites(t, out, 3)
}

// TestTraceNoLeak reports nothing, and exits 0, for a process whose
// sockets opened while traced are all closed.
func TestTraceNoLeak(t *testing.T) {
	requireBPF(t)
	l := startLeaker(t, nil, buildLeaker(t))
	var stdout, stderr bytes.Buffer
	code := Main([]string{"-pid", strconv.Itoa(l.pid), "-for", "300ms"}, &stdout, &stderr)
	if code != 0 || !strings.Contains(stdout.String(), "no socket opened while tracing is in CLOSE_WAIT, nor orphaned") {
		t.Errorf("exit %d, report:\n%s%s", code, &stdout, &stderr)
	}
}

package exporter

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

var (
	closewaitOnce sync.Once
	closewaitBin  string
	closewaitErr  error
)

// buildClosewait builds the closewait command once, into a directory
// every user can read; TestMain removes it.
func buildClosewait(t testing.TB) string {
	t.Helper()
	closewaitOnce.Do(func() {
		dir, err := os.MkdirTemp("", "closewait-exporter-")
		if err != nil {
			closewaitErr = err
			return
		}
		os.Chmod(dir, 0o755)
		closewaitBin = filepath.Join(dir, "closewait")
		if out, err := exec.Command("go", "build", "-o", closewaitBin, "github.com/closewait/closewait/cmd/closewait").CombinedOutput(); err != nil {
			closewaitErr = fmt.Errorf("go build closewait: %v\n%s", err, out)
		}
	})
	if closewaitErr != nil {
		t.Fatal(closewaitErr)
	}
	return closewaitBin
}

// startExporterProcess runs argv (which ends with the closewait
// executable, the word exporter and its flags, without -listen) until
// test cleanup, and returns its base URL and a function that returns its
// log so far.
func startExporterProcess(t testing.TB, argv ...string) (string, func() string) {
	t.Helper()
	argv = append(argv, "-listen", "127.0.0.1:0")
	cmd := exec.Command(argv[0], argv[1:]...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var log strings.Builder
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`serving (http://[^/]+)/metrics`)
		for sc.Scan() {
			mu.Lock()
			log.WriteString(sc.Text() + "\n")
			mu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
		close(addr)
	}()
	logs := func() string {
		mu.Lock()
		defer mu.Unlock()
		return log.String()
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
		t.Logf("%s log:\n%s", strings.Join(argv, " "), logs())
	})
	select {
	case a, ok := <-addr:
		if !ok {
			t.Fatalf("exporter exited before serving:\n%s", logs())
		}
		return a, logs
	case <-time.After(60 * time.Second):
		t.Fatalf("exporter not serving after 60s:\n%s", logs())
	}
	return "", nil
}

// TestTracePrivileges runs closewait exporter -trace as the user nobody,
// under setpriv, with capabilities in its ambient set, against a leaking
// program of root's: with CAP_SYS_ADMIN, CAP_SYS_PTRACE and
// CAP_DAC_READ_SEARCH (what docs/deploy/ grants) it attributes every CLOSE_WAIT
// socket to its line; without any one of them it does not, and says why.
// CAP_BPF and CAP_PERFMON do not replace CAP_SYS_ADMIN: perf_event_open on
// the kernel's uprobe PMU requires it again since a 2025 fix (Linux 6.16,
// backported to stable kernels).
func TestTracePrivileges(t *testing.T) {
	requireBPF(t)
	if _, err := exec.LookPath("setpriv"); err != nil {
		t.Fatalf("setpriv (util-linux) is needed: %v", err)
	}
	cw := buildClosewait(t)
	leakyBin := buildProgram(t, "leaky", "cwleaky")
	os.Chmod(filepath.Dir(leakyBin), 0o755)
	asNobody := func(caps string) []string {
		argv := []string{"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"}
		if caps != "" {
			plus := "+" + strings.ReplaceAll(caps, ",", ",+")
			argv = append(argv, "--inh-caps="+plus, "--ambient-caps="+plus)
		}
		return append(argv, cw, "exporter", "-trace", "-command", "cwleaky", "-trace-poll", "200ms")
	}
	const all = "sys_admin,sys_ptrace,dac_read_search"
	for _, tc := range []struct {
		caps  string
		check func(mfs map[string]*dto.MetricFamily, log string) string
	}{
		{all, func(mfs map[string]*dto.MetricFamily, log string) string {
			if v, _ := value(mfs, "closewait_close_wait_sockets_by_site", "command=cwleaky"); v != 9 {
				return fmt.Sprintf("%v CLOSE_WAIT sockets by site, want 9", v)
			}
			return ""
		}},
		{"bpf,perfmon,sys_ptrace,dac_read_search", func(mfs map[string]*dto.MetricFamily, log string) string {
			if v, n := value(mfs, "closewait_trace_attached"); n != 1 || v != 0 {
				return fmt.Sprintf("closewait_trace_attached %v (%d series), want 0", v, n)
			}
			if v, _ := value(mfs, "closewait_close_wait_sockets", "command=cwleaky"); v != 9 {
				return fmt.Sprintf("the socket metrics without sites: %v CLOSE_WAIT sockets, want 9", v)
			}
			if want := "cannot attach eBPF uprobes: cannot attach a uprobe to internal/poll.(*FD).Init: permission denied: run as root (or with CAP_SYS_ADMIN, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)"; !strings.Contains(log, want) {
				return "the log does not say " + want
			}
			return ""
		}},
		{"sys_admin,dac_read_search", func(mfs map[string]*dto.MetricFamily, log string) string {
			if v, _ := value(mfs, "closewait_trace_failed_processes", "command=cwleaky"); v != 1 {
				return fmt.Sprintf("closewait_trace_failed_processes %v, want 1", v)
			}
			if !strings.Contains(log, "cannot trace pid") || !strings.Contains(log, "permission denied") {
				return "the log does not say which process could not be traced and why"
			}
			return ""
		}},
		{"sys_admin,sys_ptrace", func(mfs map[string]*dto.MetricFamily, log string) string {
			if v, _ := value(mfs, "closewait_close_wait_sockets_by_site", "command=cwleaky"); v != 0 {
				return fmt.Sprintf("%v CLOSE_WAIT sockets by site without reading the process's fds, want 0", v)
			}
			if v, _ := value(mfs, "closewait_unreadable_processes"); v < 1 {
				return fmt.Sprintf("closewait_unreadable_processes %v, want at least 1", v)
			}
			return ""
		}},
		{"", func(mfs map[string]*dto.MetricFamily, log string) string {
			if v, n := value(mfs, "closewait_trace_attached"); n != 1 || v != 0 {
				return fmt.Sprintf("closewait_trace_attached %v (%d series), want 0", v, n)
			}
			if want := "cannot create the ring buffer: permission denied"; !strings.Contains(log, want) {
				return "the log does not say " + want
			}
			return ""
		}},
	} {
		name := tc.caps
		if name == "" {
			name = "none"
		}
		t.Run(name, func(t *testing.T) {
			leaky := startProgram(t, leakyBin)
			url, logs := startExporterProcess(t, asNobody(tc.caps)...)
			if tc.caps == all {
				waitFor(t, url, tracedCount(1, "cwleaky"))
			} else {
				time.Sleep(time.Second) // as long as attaching takes with all of them
			}
			leaky.round(t)
			waitFor(t, url, func(mfs map[string]*dto.MetricFamily) string { return tc.check(mfs, logs()) })
		})
	}
}

// TestTraceNoUprobes runs closewait exporter -trace where the kernel's
// uprobe PMU is missing (a tmpfs mounted over
// /sys/bus/event_source/devices in a mount namespace of its own, as on a
// kernel without CONFIG_UPROBE_EVENTS): it says so at startup and serves
// closewait_trace_attached 0 and the socket metrics, no site series.
func TestTraceNoUprobes(t *testing.T) {
	requireBPF(t)
	cw := buildClosewait(t)
	wrap := []string{"unshare", "-m", "sh", "-c", `mount -t tmpfs none /sys/bus/event_source/devices && exec "$0" "$@"`}
	if out, err := exec.Command(wrap[0], append(wrap[1:], "true")...).CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("cannot hide the uprobe PMU in a mount namespace: %v: %s", err, out)
		}
		t.Skipf("cannot hide the uprobe PMU in a mount namespace here: %v: %s", err, out)
	}
	url, logs := startExporterProcess(t, append(wrap, cw, "exporter", "-trace")...)
	mfs := waitFor(t, url, func(mfs map[string]*dto.MetricFamily) string {
		if v, n := value(mfs, "closewait_trace_attached"); n != 1 || v != 0 {
			return fmt.Sprintf("closewait_trace_attached %v (%d series), want 0", v, n)
		}
		return ""
	})
	want := "closewait exporter: -trace: cannot attach eBPF uprobes: the kernel has no uprobe support (no /sys/bus/event_source/devices/uprobe; it needs CONFIG_UPROBE_EVENTS); serving the socket metrics without sites (closewait_trace_attached 0)"
	if !strings.Contains(logs(), want) {
		t.Errorf("log:\n%s\nwant the line %q", logs(), want)
	}
	if v, _ := value(mfs, "closewait_scan_success"); v != 1 {
		t.Error("the socket metrics are not served")
	}
	for _, name := range []string{"closewait_close_wait_sockets_by_site", "closewait_traced_processes", "closewait_trace_tracked_sockets"} {
		if _, n := value(mfs, name); n != 0 {
			t.Errorf("%s has %d series without probes, want none", name, n)
		}
	}
}

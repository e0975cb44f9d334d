package exporter

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/closewait/closewait/cmd/closewait/internal/gotrace"
)

// requireBPF skips the test, with the reason, where eBPF uprobes cannot
// be used; under CI=true it fails instead, since CI runs as root on a
// kernel that has them.
func requireBPF(t testing.TB) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "not root"
	} else if r, err := gotrace.OpenRing(); err != nil {
		why = err.Error()
	} else {
		r.Close()
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("eBPF uprobes unavailable under CI: %s", why)
	}
	t.Skipf("eBPF uprobes unavailable: %s", why)
}

// testModule is the module path of the test programs, built without VCS
// stamping: their files are named module/path (no version) in the labels.
const testModule = "github.com/closewait/closewait"

// buildProgram builds testdata/NAME into a temporary directory as the
// executable bin, whose base name is the process's command name.
func buildProgram(t testing.TB, name, bin string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), bin)
	if b, err := exec.Command("go", "build", "-buildvcs=false", "-o", out, "./testdata/"+name).CombinedOutput(); err != nil {
		t.Fatalf("go build ./testdata/%s: %v\n%s", name, err, b)
	}
	return out
}

// A program is a running test program that prints "ready", then "done"
// after each "go" line on its standard input.
type program struct {
	pid int
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func startProgram(t testing.TB, bin string, args ...string) *program {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GOGC=off")
	cmd.Stderr = os.Stderr
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close(); cmd.Process.Kill(); cmd.Wait() })
	p := &program{pid: cmd.Process.Pid, cmd: cmd, in: in, out: bufio.NewScanner(out)}
	p.expect(t, "ready")
	return p
}

func (p *program) expect(t testing.TB, line string) {
	t.Helper()
	if !p.out.Scan() || p.out.Text() != line {
		t.Fatalf("program printed %q (%v), want %q", p.out.Text(), p.out.Err(), line)
	}
}

// exit has the program exit, and waits for it: no zombie is left.
func (p *program) exit() {
	p.in.Close()
	p.cmd.Wait()
}

// round has the program make its connections.
func (p *program) round(t testing.TB) {
	t.Helper()
	io.WriteString(p.in, "go\n")
	p.expect(t, "done")
}

// siteLines returns the line of each SITE(name) mark of testdata/NAME.
func siteLines(t testing.TB, name string) map[string]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	lines := make(map[string]string)
	for i, l := range strings.Split(string(src), "\n") {
		if m := regexp.MustCompile(`// SITE\((.+)\)`).FindStringSubmatch(l); m != nil {
			lines[m[1]] = strconv.Itoa(i + 1)
		}
	}
	return lines
}

// sourceFile is the file label of testdata/NAME/main.go.
func sourceFile(name string) string {
	return testModule + "/cmd/closewait/internal/exporter/testdata/" + name + "/main.go"
}

// tracedCount checks that closewait_traced_processes counts n processes
// of each command.
func tracedCount(n int, commands ...string) func(map[string]*dto.MetricFamily) string {
	return func(mfs map[string]*dto.MetricFamily) string {
		if v, _ := value(mfs, "closewait_scan_success"); v != 1 {
			return "the scan failed"
		}
		for _, c := range commands {
			if v, _ := value(mfs, "closewait_traced_processes", "command="+c); v != float64(n) {
				return fmt.Sprintf("closewait_traced_processes{command=%q} %v, want %d", c, v, n)
			}
		}
		return ""
	}
}

// TestTraceSitesPrometheus is the end-to-end test of -trace: a leaking
// program and its fixed twin, the exporter attached to both as root, a
// real Prometheus scraping it, and queries that return the CLOSE_WAIT
// count at the exact file:line of the leaking Dial, Accept and Get, the
// orphaned fds at the line of the Dial whose connection was reset (and 0
// at the twin's same lines), through the recording rule too.
func TestTraceSitesPrometheus(t *testing.T) {
	requireBPF(t)
	needTool(t, "prometheus")
	const n = 3
	leaky := startProgram(t, buildProgram(t, "leaky", "cwleaky"), "-n", strconv.Itoa(n))
	fixed := startProgram(t, buildProgram(t, "fixed", "cwfixed"), "-n", strconv.Itoa(n))
	exp := startExporter(t, "-trace", "-command", "cwleaky|cwfixed", "-trace-poll", "200ms")
	waitFor(t, exp, tracedCount(1, "cwleaky", "cwfixed"))
	leaky.round(t)
	fixed.round(t)

	lines := siteLines(t, "leaky")
	fixedLines := siteLines(t, "fixed")
	type check struct {
		q    string
		want float64
	}
	var checks []check
	for _, s := range []struct{ name, function, dir string }{
		{"accept", "main.main.func1", "inbound"}, {"dial", "main.dial", "outbound"}, {"get", "main.get", "outbound"},
	} {
		checks = append(checks,
			check{fmt.Sprintf(`closewait_close_wait_sockets_by_site{command="cwleaky",function=%q,file=%q,line=%q,direction=%q}`,
				s.function, sourceFile("leaky"), lines[s.name], s.dir), n},
			check{fmt.Sprintf(`closewait_close_wait_sockets_by_site{command="cwfixed",function=%q,file=%q,line=%q,direction=%q}`,
				s.function, sourceFile("fixed"), fixedLines[s.name], s.dir), 0},
			check{fmt.Sprintf(`site:closewait_close_wait_or_orphaned:sum{command="cwleaky",file=%q,line=%q}`,
				sourceFile("leaky"), lines[s.name]), n},
		)
	}
	checks = append(checks,
		check{fmt.Sprintf(`closewait_orphaned_fds_by_site{command="cwleaky",function="main.reset",file=%q,line=%q}`,
			sourceFile("leaky"), lines["reset"]), n},
		check{fmt.Sprintf(`closewait_orphaned_fds_by_site{command="cwfixed",function="main.reset",file=%q,line=%q}`,
			sourceFile("fixed"), fixedLines["reset"]), 0},
		check{fmt.Sprintf(`site:closewait_close_wait_or_orphaned:sum{command="cwleaky",file=%q,line=%q}`,
			sourceFile("leaky"), lines["reset"]), n},
		check{`sum(closewait_close_wait_sockets_by_site{command="cwleaky"})`, 3 * n},
		check{`sum(closewait_orphaned_fds_by_site{command="cwleaky"})`, n},
		check{`sum(closewait_close_wait_sockets_by_site{command="cwfixed"})`, 0},
		check{`sum(closewait_close_wait_sockets{command="cwleaky"})`, 3 * n},
		check{`sum(closewait_trace_unattributed_close_wait_sockets{command="cwleaky"})`, 0},
		check{`closewait_trace_attached`, 1},
	)
	// The direct scrape first, then Prometheus.
	waitFor(t, exp, func(mfs map[string]*dto.MetricFamily) string {
		if v, _ := value(mfs, "closewait_close_wait_sockets_by_site", "command=cwleaky"); v != 3*n {
			return fmt.Sprintf("cwleaky: %v sockets in CLOSE_WAIT by site, want %d", v, 3*n)
		}
		return ""
	})
	prom := startPrometheus(t, strings.TrimPrefix(exp, "http://"))
	deadline := time.Now().Add(60 * time.Second)
	for _, c := range checks {
		for {
			v, ok := query(t, prom, c.q)
			if ok && v == c.want {
				t.Logf("%s = %v", c.q, v)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s = %v (present %v), want %v", c.q, v, ok, c.want)
			}
			time.Sleep(500 * time.Millisecond)
		}
	}
}

// perfEvents counts this process's perf event descriptors: one per uprobe
// attached.
func perfEvents(t testing.TB) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if link, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && link == "anon_inode:[perf_event]" {
			n++
		}
	}
	return n
}

// TestTraceLifecycle checks, on direct scrapes, that sockets opened
// before the exporter attached are counted as unattributed and never
// given a site, that -trace-top keeps the sites with the most sockets and
// sums the others as other, that a process started later is picked up,
// that one that exits is detached, its uprobes closed, and that a process
// that is not a Go program is left alone.
func TestTraceLifecycle(t *testing.T) {
	requireBPF(t)
	bin := buildProgram(t, "leaky", "cwleaky")
	// A program that is not Go, which -command selects too (and which keeps
	// the selection from being empty once the others exit).
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Fatal(err)
	}
	keeper := filepath.Join(t.TempDir(), "cwkeep")
	if err := os.Symlink(sleep, keeper); err != nil {
		t.Fatal(err)
	}
	keep := exec.Command(keeper, "600")
	if err := keep.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { keep.Process.Kill(); keep.Wait() })
	a := startProgram(t, bin)
	a.round(t) // before the exporter: 3 inbound and 6 outbound CLOSE_WAIT, 3 orphaned
	before := perfEvents(t)
	exp := startExporter(t, "-trace", "-command", "cwleaky|cwkeep", "-trace-poll", "200ms", "-trace-top", "2")
	waitFor(t, exp, tracedCount(1, "cwleaky"))
	cw := "command=cwleaky"
	waitFor(t, exp, func(mfs map[string]*dto.MetricFamily) string {
		in, _ := value(mfs, "closewait_trace_unattributed_close_wait_sockets", cw, "direction=inbound")
		out, _ := value(mfs, "closewait_trace_unattributed_close_wait_sockets", cw, "direction=outbound")
		orph, _ := value(mfs, "closewait_trace_unattributed_orphaned_fds", cw)
		sites, _ := value(mfs, "closewait_close_wait_sockets_by_site", cw)
		orphSites, _ := value(mfs, "closewait_orphaned_fds_by_site", cw)
		if in != 3 || out != 6 || orph != 3 || sites != 0 || orphSites != 0 {
			return fmt.Sprintf("before attaching: unattributed %v inbound, %v outbound, %v orphaned; by site %v and %v orphaned; want 3, 6, 3, 0 and 0", in, out, orph, sites, orphSites)
		}
		return ""
	})

	a.round(t) // while attached: 9 more CLOSE_WAIT sockets and 3 orphaned fds, attributed
	lines := siteLines(t, "leaky")
	file := "file=" + sourceFile("leaky")
	waitFor(t, exp, func(mfs map[string]*dto.MetricFamily) string {
		var msg []string
		expect := func(what string, got, want float64) {
			if got != want {
				msg = append(msg, fmt.Sprintf("%s %v, want %v", what, got, want))
			}
		}
		// The four leaking sites have 3 sockets each; the two top by file
		// and line are the accept and the dial; the reset and the Get, and
		// the sites whose sockets were closed, are in other.
		v, _ := value(mfs, "closewait_close_wait_sockets_by_site", cw, file, "line="+lines["accept"], "direction=inbound")
		expect("accept site", v, 3)
		v, _ = value(mfs, "closewait_close_wait_sockets_by_site", cw, file, "line="+lines["dial"], "direction=outbound")
		expect("dial site", v, 3)
		v, _ = value(mfs, "closewait_close_wait_sockets_by_site", cw, "file=other", "direction=outbound")
		expect("other outbound", v, 3)
		v, _ = value(mfs, "closewait_orphaned_fds_by_site", cw, "file=other")
		expect("other orphaned", v, 3)
		_, series := value(mfs, "closewait_orphaned_fds_by_site", cw)
		expect("orphaned series (two sites and other)", float64(series), 3)
		v, _ = value(mfs, "closewait_trace_unattributed_close_wait_sockets", cw)
		expect("unattributed", v, 9)
		// By site and unattributed add up to the command's count.
		sites, _ := value(mfs, "closewait_close_wait_sockets_by_site", cw)
		un, _ := value(mfs, "closewait_trace_unattributed_close_wait_sockets", cw)
		all, _ := value(mfs, "closewait_close_wait_sockets", cw)
		expect("by site + unattributed - all", sites+un-all, 0)
		return strings.Join(msg, "; ")
	})

	b := startProgram(t, bin)
	waitFor(t, exp, tracedCount(2, "cwleaky"))
	if n := perfEvents(t) - before; n != 6 {
		t.Errorf("%d perf events open for two traced processes, want 6 (three uprobes each)", n)
	}
	a.exit()
	waitFor(t, exp, tracedCount(1, "cwleaky"))
	if n := perfEvents(t) - before; n != 3 {
		t.Errorf("%d perf events open once one of two traced processes exited, want 3", n)
	}
	b.exit()
	waitFor(t, exp, func(mfs map[string]*dto.MetricFamily) string {
		if v, _ := value(mfs, "closewait_scan_success"); v != 1 {
			return "the scan failed"
		}
		if _, n := value(mfs, "closewait_traced_processes"); n != 0 {
			return "closewait_traced_processes still has a series after both processes exited"
		}
		if v, _ := value(mfs, "closewait_trace_tracked_sockets"); v != 0 {
			return fmt.Sprintf("closewait_trace_tracked_sockets %v after both processes exited, want 0", v)
		}
		if _, n := value(mfs, "closewait_trace_failed_processes"); n != 0 {
			return "a process that is not a Go program is counted as failed"
		}
		return ""
	})
	if n := perfEvents(t) - before; n != 0 {
		t.Errorf("%d perf events still open once both traced processes exited", n)
	}
}

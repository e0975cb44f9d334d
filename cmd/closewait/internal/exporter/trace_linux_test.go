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
	p := &program{pid: cmd.Process.Pid, in: in, out: bufio.NewScanner(out)}
	p.expect(t, "ready")
	return p
}

func (p *program) expect(t testing.TB, line string) {
	t.Helper()
	if !p.out.Scan() || p.out.Text() != line {
		t.Fatalf("program printed %q (%v), want %q", p.out.Text(), p.out.Err(), line)
	}
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
// count at the exact file:line of the leaking Dial, Accept and Get (and 0
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
		check{`sum(closewait_close_wait_sockets_by_site{command="cwleaky"})`, 3 * n},
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

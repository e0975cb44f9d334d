package exporter

import (
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
)

// waitFor scrapes url until check returns "" (states settle: a FIN or a
// RST may still be in flight), for at most 10 seconds, and returns the
// last scrape; it fails the test with check's last complaint.
func waitFor(t testing.TB, url string, check func(map[string]*dto.MetricFamily) string) map[string]*dto.MetricFamily {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		mfs := scrape(t, url)
		msg := check(mfs)
		if msg == "" {
			return mfs
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10s of scrapes: %s", msg)
			return mfs
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// holderCounts checks the close_wait (inbound), orphaned and open fds
// series of command against n and k.
func holderCounts(command string, n, k int) func(map[string]*dto.MetricFamily) string {
	return func(mfs map[string]*dto.MetricFamily) string {
		cmd := "command=" + command
		in, _ := value(mfs, "closewait_close_wait_sockets", cmd, "direction=inbound")
		out, _ := value(mfs, "closewait_close_wait_sockets", cmd, "direction=outbound")
		orph, _ := value(mfs, "closewait_orphaned_fds", cmd)
		open, nopen := value(mfs, "closewait_open_fds", cmd)
		if in != float64(n) || out != 0 || orph != float64(k) || nopen != 1 || open < float64(n+k) {
			return fmt.Sprintf("%s: %v inbound and %v outbound CLOSE_WAIT, %v orphaned fds, open fds %v (%d series); want %d inbound, 0 outbound, %d orphaned, at least %d open fds",
				command, in, out, orph, open, nopen, n, k, n+k)
		}
		return ""
	}
}

// TestScrapeHolder starts a child holding N CLOSE_WAIT sockets and K
// orphaned fds, and checks that a scrape of the exporter shows exactly
// those under the child's command.
func TestScrapeHolder(t *testing.T) {
	const n, k, name = 7, 3, "cwexp-hold1"
	pid := startHolder(t, name, n, k)
	url := startExporter(t)
	mfs := waitFor(t, url, holderCounts(name, n, k))
	if v, _ := value(mfs, "closewait_scan_success"); v != 1 {
		t.Errorf("closewait_scan_success %v", v)
	}
	if v, _ := value(mfs, "closewait_sockets", "state=close_wait"); v < n {
		t.Errorf("closewait_sockets{state=close_wait} %v, want at least %d", v, n)
	}
	if v, c := value(mfs, "closewait_close_wait_oldest_seconds", "command="+name); c != 1 || v < 0 || v > 60 {
		t.Errorf("closewait_close_wait_oldest_seconds %v (%d series)", v, c)
	}
	if v, c := value(mfs, "closewait_max_fds", "command="+name); c != 1 || v < n+k {
		t.Errorf("closewait_max_fds %v (%d series)", v, c)
	}
	if _, c := value(mfs, "go_goroutines"); c != 1 {
		t.Error("no go_goroutines: the Go collector is missing")
	}
	if _, c := value(mfs, "process_open_fds"); c != 1 {
		t.Error("no process_open_fds: the process collector is missing")
	}
	for _, name := range []string{"closewait_ephemeral_ports_used_ratio", "closewait_unattributed_sockets",
		"closewait_scan_duration_seconds", "closewait_scan_errors_total", "closewait_scanned_processes"} {
		if _, c := value(mfs, name); c != 1 {
			t.Errorf("%s: %d series, want 1", name, c)
		}
	}
	if _, c := value(mfs, "closewait_time_wait_sockets"); c != 2 {
		t.Errorf("closewait_time_wait_sockets: %d series, want inbound and outbound", c)
	}

	// -pid-label: the child's series carry its pid.
	url = startExporter(t, "-pid-label")
	waitFor(t, url, func(mfs map[string]*dto.MetricFamily) string {
		v, c := value(mfs, "closewait_close_wait_sockets", "command="+name, "direction=inbound", "pid="+strconv.Itoa(pid))
		if v != n || c != 1 {
			return fmt.Sprintf("-pid-label: %v sockets in %d series, want %d in 1", v, c, n)
		}
		return ""
	})
}

// TestScrapeFilters checks -pid, -command and -netns with two children.
func TestScrapeFilters(t *testing.T) {
	pidA := startHolder(t, "cwexp-a", 4, 1)
	startHolder(t, "cwexp-b", 2, 2)
	for _, tc := range []struct {
		args   []string
		a, b   bool // whether each child is in view
		states bool // whether closewait_sockets counts only the selection
	}{
		{args: []string{"-pid", strconv.Itoa(pidA)}, a: true, states: true},
		{args: []string{"-command", "cwexp-b"}, b: true, states: true},
		{args: []string{"-command", "cwexp-."}, a: true, b: true, states: true},
		{args: []string{"-netns", "self"}, a: true, b: true},
		{args: []string{"-netns", "/proc/self/ns/net", "-command", "cwexp-a"}, a: true, states: true},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			url := startExporter(t, tc.args...)
			waitFor(t, url, func(mfs map[string]*dto.MetricFamily) string {
				var msg []string
				for _, h := range []struct {
					name   string
					in     bool
					n, k   int
					exists bool
				}{{"cwexp-a", tc.a, 4, 1, true}, {"cwexp-b", tc.b, 2, 2, true}} {
					if h.in {
						if m := holderCounts(h.name, h.n, h.k)(mfs); m != "" {
							msg = append(msg, m)
						}
					} else if _, c := value(mfs, "closewait_close_wait_sockets", "command="+h.name); c != 0 {
						msg = append(msg, h.name+" is in view")
					}
				}
				want := 0
				if tc.a {
					want += 4
				}
				if tc.b {
					want += 2
				}
				if v, _ := value(mfs, "closewait_sockets", "state=close_wait"); tc.states && v != float64(want) {
					msg = append(msg, fmt.Sprintf("closewait_sockets{state=close_wait} %v, want %d", v, want))
				}
				return strings.Join(msg, "; ")
			})
		})
	}
}

// TestScrapeSelectsNothing starts the exporter with a -pid that names no
// process, or a -command or -netns that matches none: the scrape cannot
// count the sockets it was asked about, so it reports a failed scan, with
// no socket metrics (not zeros), and the log says why.
func TestScrapeSelectsNothing(t *testing.T) {
	pidA := startHolder(t, "cwexp-c", 2, 0)
	gone := exec.Command("true")
	if err := gone.Run(); err != nil {
		t.Fatal(err)
	}
	missing := strconv.Itoa(gone.Process.Pid)
	for _, tc := range []struct {
		args []string
		log  string
	}{
		{[]string{"-pid", missing}, "-pid: no process " + missing},
		{[]string{"-pid", strconv.Itoa(pidA) + "," + missing}, "-pid: no process " + missing},
		{[]string{"-command", "cwexp"}, `-command "cwexp" selects no process`}, // anchored: matches nothing
		{[]string{"-netns", "1"}, `-netns "1" selects no process`},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			url, logged := startExporterLog(t, tc.args...)
			mfs := scrape(t, url)
			if v, c := value(mfs, "closewait_scan_success"); v != 0 || c != 1 {
				t.Errorf("closewait_scan_success %v (%d series), want 0", v, c)
			}
			for _, name := range []string{"closewait_sockets", "closewait_close_wait_sockets", "closewait_scanned_processes"} {
				if _, c := value(mfs, name); c != 0 {
					t.Errorf("%s: %d series, want none", name, c)
				}
			}
			if !strings.Contains(logged(), tc.log) {
				t.Errorf("the log does not say %q:\n%s", tc.log, logged())
			}
		})
	}
}

// TestExporterErrors checks the exit status and message of bad command
// lines and of an address in use, and the index page.
func TestExporterErrors(t *testing.T) {
	url := startExporter(t)
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), `href="metrics"`) {
		t.Errorf("index page: %s", body)
	}
	for _, tc := range []struct{ args, want string }{
		{"-listen " + strings.TrimPrefix(url, "http://"), "address already in use"},
		{"-netns bogus", `-netns: "bogus"`},
		{"-nosuchflag", "flag provided but not defined: -nosuchflag"},
		{"-help", "usage: closewait exporter"},
	} {
		var stderr strings.Builder
		code := run(t.Context(), strings.Fields(tc.args), &stderr, nil)
		wantCode := 2
		if tc.args == "-help" {
			wantCode = 0
		}
		if code != wantCode || !strings.Contains(stderr.String(), tc.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tc.args, code, stderr.String(), wantCode, tc.want)
		}
		if n := strings.Count(stderr.String(), "\n"); wantCode == 2 && n > 2 {
			t.Errorf("%s: %d lines of stderr, want the error and a pointer to -help:\n%s", tc.args, n, stderr.String())
		}
		if tc.args == "-help" && strings.Contains(stderr.String(), `\n`) {
			t.Errorf("-help prints a literal \\n:\n%s", stderr.String())
		}
	}
}

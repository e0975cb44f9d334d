package exporter

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// freePort returns a loopback port that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// startPrometheus runs a Prometheus server on a free loopback port that
// scrapes target every second and evaluates the rules of
// docs/deploy/prometheus, with a temporary data directory, until test cleanup.
// It returns the server's base URL once it is ready.
func startPrometheus(t *testing.T, target string) string {
	t.Helper()
	bin := needTool(t, "prometheus")
	dir := t.TempDir()
	rules, err := filepath.Abs(filepath.Join(rulesDir, "closewait-rules.yml"))
	if err != nil {
		t.Fatal(err)
	}
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - %q
scrape_configs:
  - job_name: closewait
    static_configs:
      - targets: [%q]
`, rules, target)
	cfgPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(cfgPath, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(freePort(t))
	var log strings.Builder
	cmd := exec.Command(bin, "--config.file="+cfgPath, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start prometheus: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("prometheus log:\n%s", log.String())
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("prometheus exited: %v\n%s", err, log.String())
		default:
		}
		if resp, err := http.Get(base + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return base
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("prometheus not ready after 30s:\n%s", log.String())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// query runs an instant PromQL query that returns at most one sample and
// returns its value, or false when the result is empty.
func query(t *testing.T, base, q string) (float64, bool) {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/query?query=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Status string `json:"status"`
		Error  string `json:"error"`
		Data   struct {
			Result []struct {
				Value [2]any `json:"value"`
			} `json:"result"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("query %s: %v", q, err)
	}
	if r.Status != "success" {
		t.Fatalf("query %s: %s %s", q, r.Status, r.Error)
	}
	if len(r.Data.Result) == 0 {
		return 0, false
	}
	if len(r.Data.Result) > 1 {
		t.Fatalf("query %s: %d samples, want one", q, len(r.Data.Result))
	}
	s, _ := r.Data.Result[0].Value[1].(string)
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("query %s: value %q", q, s)
	}
	return v, true
}

// TestPrometheusScrapes has a real Prometheus scrape the exporter while a
// child holds N CLOSE_WAIT sockets and K orphaned fds, and checks that
// its query API returns what a direct scrape shows: N and K under the
// child's command, also through the recording rule.
func TestPrometheusScrapes(t *testing.T) {
	needTool(t, "prometheus")
	const n, k, name = 12, 5, "cwexp-prom"
	startHolder(t, name, n, k)
	exp := startExporter(t, "-scan-timeout", "900ms")
	waitFor(t, exp, holderCounts(name, n, k)) // the direct scrape shows N and K
	prom := startPrometheus(t, strings.TrimPrefix(exp, "http://"))

	checks := []struct {
		q    string
		want float64
	}{
		{`sum(closewait_close_wait_sockets{command="` + name + `"})`, n},
		{`sum(closewait_close_wait_sockets{command="` + name + `",direction="inbound"})`, n},
		{`sum(closewait_orphaned_fds{command="` + name + `"})`, k},
		{`sum(command:closewait_close_wait_sockets:sum{command="` + name + `"})`, n},
		{`max(closewait_scan_success)`, 1},
		{`count(up{job="closewait"} == 1)`, 1},
	}
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

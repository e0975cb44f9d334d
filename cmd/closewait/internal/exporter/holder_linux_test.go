package exporter

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// holderEnv makes the test binary act as a socket-holding child process.
const holderEnv = "CLOSEWAIT_EXPORTER_TEST_HOLDER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(holderEnv); spec != "" {
		os.Exit(runHolder(spec))
	}
	code := m.Run()
	if closewaitBin != "" {
		os.RemoveAll(filepath.Dir(closewaitBin))
	}
	os.Exit(code)
}

// runHolder holds the sockets described by spec ("n orphans"): n
// inbound CLOSE_WAIT sockets on loopback and orphans connections reset by
// the peer, all kept open. It prints "ready" and waits for its standard
// input to close, or five minutes at most.
func runHolder(spec string) int {
	var n, orphans int
	if _, err := fmt.Sscanf(spec, "%d %d", &n, &orphans); err != nil {
		fmt.Fprintln(os.Stderr, "bad holder spec:", err)
		return 2
	}
	if err := raiseFDLimit(n + orphans); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var held []net.Conn
	lc := net.ListenConfig{KeepAlive: -1} // keepalive would reset the held sockets
	d := net.Dialer{KeepAlive: -1, Timeout: 5 * time.Second}
	var ln net.Listener
	for i := 0; i < n+orphans; i++ {
		// A new listening port every 20000 connections: the peers' ports
		// (in FIN_WAIT2 or TIME_WAIT) may then repeat.
		if i%20000 == 0 {
			var err error
			if ln, err = lc.Listen(context.Background(), "tcp", "127.0.0.1:0"); err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			defer ln.Close()
		}
		client, err := d.Dial("tcp", ln.Addr().String())
		if err != nil {
			fmt.Fprintf(os.Stderr, "dial %d: %v\n", i, err)
			return 1
		}
		server, err := ln.Accept()
		if err != nil {
			fmt.Fprintf(os.Stderr, "accept %d: %v\n", i, err)
			return 1
		}
		if i >= n {
			client.(*net.TCPConn).SetLinger(0) // Close sends RST: server is orphaned
		}
		client.Close()
		held = append(held, server)
	}
	fmt.Println("ready")
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Minute):
	}
	for _, c := range held {
		c.Close()
	}
	return 0
}

// raiseFDLimit makes room for n more descriptors, raising the hard limit
// too when allowed (root).
func raiseFDLimit(n int) error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return err
	}
	want := uint64(n) + 256
	if r.Cur >= want {
		return nil
	}
	r.Cur, r.Max = want, max(r.Max, want)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return fmt.Errorf("cannot raise the fd limit to %d (run as root, or hold fewer): %v", want, err)
	}
	return nil
}

// startHolder starts a child process, whose command name is name (at
// most 15 bytes), holding n CLOSE_WAIT sockets and orphans orphaned fds,
// and returns its PID. The child exits at test cleanup.
func startHolder(t testing.TB, name string, n, orphans int) int {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// The command name (/proc/<pid>/comm) is the name the binary is run by.
	bin := filepath.Join(t.TempDir(), name)
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%d %d", holderEnv, n, orphans))
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
		t.Fatalf("start holder: %v", err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		if strings.TrimSpace(s) != "ready" {
			t.Fatalf("holder did not start: %q", s)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("holder not ready after 2 minutes")
	}
	return cmd.Process.Pid
}

// startExporter runs the exporter with args on a free loopback port until
// test cleanup and returns its base URL.
func startExporter(t testing.TB, args ...string) string {
	t.Helper()
	url, _ := startExporterLog(t, args...)
	return url
}

// startExporterLog is startExporter, and also returns a function that
// returns what the exporter logged so far.
func startExporterLog(t testing.TB, args ...string) (string, func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan int, 1)
	var log strings.Builder
	logw := &syncWriter{w: &log}
	go func() {
		done <- run(ctx, append([]string{"-listen", "127.0.0.1:0"}, args...), logw, func(a net.Addr) { addr <- a })
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exporter exited %d", code)
		}
		logw.mu.Lock()
		t.Logf("exporter log:\n%s", log.String())
		logw.mu.Unlock()
	})
	logged := func() string {
		logw.mu.Lock()
		defer logw.mu.Unlock()
		return log.String()
	}
	select {
	case a := <-addr:
		return "http://" + a.String(), logged
	case code := <-done:
		done <- code
		t.Fatalf("exporter exited %d before listening", code)
	}
	return "", logged
}

// syncWriter serializes writes, for a log shared by goroutines.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// scrape fetches url/metrics and returns its metric families.
func scrape(t testing.TB, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s/metrics: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	mfs, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("parsing the scrape: %v", err)
	}
	return mfs
}

// value returns the sum of the samples of metric name whose labels
// include all of match (name=value pairs), and how many there were.
func value(mfs map[string]*dto.MetricFamily, name string, match ...string) (float64, int) {
	mf := mfs[name]
	if mf == nil {
		return 0, 0
	}
	sum, n := 0.0, 0
	for _, m := range mf.GetMetric() {
		var have []string
		for _, l := range m.GetLabel() {
			have = append(have, l.GetName()+"="+l.GetValue())
		}
		ok := true
		for _, want := range match {
			ok = ok && slices.Contains(have, want)
		}
		if !ok {
			continue
		}
		n++
		switch {
		case m.GetGauge() != nil:
			sum += m.GetGauge().GetValue()
		case m.GetCounter() != nil:
			sum += m.GetCounter().GetValue()
		}
	}
	return sum, n
}

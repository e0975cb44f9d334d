package exporter

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkTraceOverhead measures what -trace costs a process that does
// nothing but dial and accept loopback connections (two sockets, so two
// probe hits, per connection). Each round runs it three times: alone,
// watched by an in-process exporter without -trace, and with -trace
// attached to it, the exporter scraped once a second; it reports the
// connection rates, the ratio of the last two (the probes' cost), and the
// exporter's CPU time as a share of one core. It reports figures and
// asserts none:
//
//	go test -run '^$' -bench TraceOverhead -benchtime=5x ./cmd/closewait/internal/exporter
func BenchmarkTraceOverhead(b *testing.B) {
	requireBPF(b)
	bin := filepath.Join(b.TempDir(), "churn")
	// The churning program of trace's benchmark.
	if out, err := exec.Command("go", "build", "-o", bin, "../trace/testdata/churn").CombinedOutput(); err != nil {
		b.Fatalf("go build churn: %v\n%s", err, out)
	}
	const d = 2 * time.Second
	var alone, watched, traced, cpuWatched, cpuTraced float64
	for range b.N {
		rate, _ := churnRate(b, bin, d, "")
		alone += rate
		rate, used := churnRate(b, bin, d, "watched")
		watched += rate
		cpuWatched += used.Seconds() / d.Seconds()
		rate, used = churnRate(b, bin, d, "traced")
		traced += rate
		cpuTraced += used.Seconds() / d.Seconds()
	}
	n := float64(b.N)
	b.ReportMetric(alone/n, "conns/s-alone")
	b.ReportMetric(watched/n, "conns/s-exporter")
	b.ReportMetric(traced/n, "conns/s-exporter-trace")
	b.ReportMetric(traced/watched, "trace/exporter")
	b.ReportMetric(cpuWatched/n, "exporter-CPU")
	b.ReportMetric(cpuTraced/n, "exporter-trace-CPU")
}

// churnRate runs the churning program for d, alone (mode ""), watched by
// an exporter ("watched") or traced by one ("traced"), and returns its
// connections per second and the CPU time this process (the exporter)
// used while it churned.
func churnRate(b *testing.B, bin string, d time.Duration, mode string) (float64, time.Duration) {
	cmd := exec.Command(bin, d.String())
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	sc := bufio.NewScanner(stdout)
	if !sc.Scan() || sc.Text() != "ready" {
		b.Fatalf("churn printed %q", sc.Text())
	}
	stop := make(chan struct{})
	scraped := make(chan struct{})
	if mode != "" {
		args := []string{"-pid", strconv.Itoa(cmd.Process.Pid)}
		if mode == "traced" {
			args = append(args, "-trace", "-trace-poll", "100ms")
		}
		url := startExporter(b, args...)
		if mode == "traced" {
			waitFor(b, url, tracedCount(1, "churn"))
		}
		go func() { // scraped as Prometheus would
			defer close(scraped)
			for {
				select {
				case <-stop:
					return
				case <-time.After(time.Second):
					scrape(b, url)
				}
			}
		}()
	} else {
		close(scraped)
	}
	before := cpuTime()
	io.WriteString(stdin, "go\n")
	if !sc.Scan() {
		b.Fatal("churn printed no count")
	}
	used := cpuTime() - before
	close(stop)
	<-scraped
	n, err := strconv.Atoi(sc.Text())
	if err != nil {
		b.Fatal(err)
	}
	return float64(n) / d.Seconds(), used
}

// cpuTime returns the user and system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

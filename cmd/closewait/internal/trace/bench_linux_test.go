package trace

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// BenchmarkProbeOverhead measures what tracing costs: a program that dials
// and accepts loopback connections as fast as it can for two seconds,
// untraced and then traced (each connection is two sockets, so two probe
// hits), and the CPU time that trace itself spends while it traces, as a
// fraction of the traced time (this process's CPU: the churning program is
// another process). It reports figures and asserts none. Run it with
//
//	go test -run '^$' -bench ProbeOverhead -benchtime=3x ./cmd/closewait/internal/trace
func BenchmarkProbeOverhead(b *testing.B) {
	if os.Geteuid() != 0 {
		b.Skip("needs root for eBPF")
	}
	bin := filepath.Join(b.TempDir(), "churn")
	if out, err := exec.Command("go", "build", "-o", bin, "./testdata/churn").CombinedOutput(); err != nil {
		b.Fatalf("go build churn: %v\n%s", err, out)
	}
	const d = 2 * time.Second
	var plain, traced, cpu float64
	for range b.N {
		rate, _ := churn(b, bin, d, false)
		plain += rate
		rate, used := churn(b, bin, d, true)
		traced += rate
		cpu += used.Seconds() / d.Seconds()
	}
	n := float64(b.N)
	b.ReportMetric(plain/n, "conns/s-untraced")
	b.ReportMetric(traced/n, "conns/s-traced")
	b.ReportMetric(cpu/n, "trace-CPU-fraction")
}

// churn runs the churning program for d, traced or not, and returns its
// connections per second and, traced, the CPU time this process used
// from the start of tracing to the report.
func churn(b *testing.B, bin string, d time.Duration, trace bool) (float64, time.Duration) {
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
	var done chan int
	before := cpuTime()
	if trace {
		stderr := &syncWriter{want: "tracing pid", seen: make(chan struct{})}
		seen := stderr.seen
		done = make(chan int)
		go func() {
			var stdout bytes.Buffer
			done <- Main([]string{"-pid", strconv.Itoa(cmd.Process.Pid), "-for", (d + 200*time.Millisecond).String()}, &stdout, stderr)
		}()
		select {
		case <-seen:
		case <-done:
			b.Fatalf("trace failed: %s", stderr)
		}
	}
	io.WriteString(stdin, "go\n")
	if !sc.Scan() {
		b.Fatal("churn printed no count")
	}
	n, err := strconv.Atoi(sc.Text())
	if err != nil {
		b.Fatal(err)
	}
	var used time.Duration
	if trace {
		<-done
		used = cpuTime() - before
	}
	return float64(n) / d.Seconds(), used
}

// cpuTime returns the user and system CPU time of this process.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

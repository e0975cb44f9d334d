package exporter

// Scrape time and memory at 10k and 50k CLOSE_WAIT sockets held by a
// child processes of one command (of at most 15000 sockets each):
//
//	go test ./cmd/closewait/internal/exporter -run '^$' -bench Scrape -benchtime 10x

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func BenchmarkScrape(b *testing.B) {
	for _, n := range []int{10000, 50000} {
		b.Run(fmt.Sprintf("close_wait=%d", n), func(b *testing.B) {
			// Children of at most 15000 sockets each: the hard fd limit
			// may be low (20000 here) and raising it needs CAP_SYS_RESOURCE.
			for left := n; left > 0; left -= 15000 {
				startHolder(b, "cwexp-bench", min(left, 15000), 0)
			}
			h, err := newHandler(&config{ScanTimeout: 60e9, FullEvery: 1}, os.Stderr, nil)
			if err != nil {
				b.Fatal(err)
			}
			url := startTestServer(b, h)
			get := func() string {
				resp, err := http.Get(url + "/metrics")
				if err != nil {
					b.Fatal(err)
				}
				defer resp.Body.Close()
				body, err := io.ReadAll(resp.Body)
				if err != nil {
					b.Fatal(err)
				}
				return string(body)
			}
			if body := get(); !strings.Contains(body, `closewait_close_wait_sockets{command="cwexp-bench",direction="inbound"} `+strconv.Itoa(n)) {
				b.Fatalf("the scrape does not show %d sockets of cwexp-bench", n)
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				get()
			}
			b.StopTimer()
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.HeapSys)/(1<<20), "heap-sys-MB")
			b.ReportMetric(float64(vmHWM())/(1<<10), "peak-RSS-MB")
		})
	}
}

// startTestServer serves h on a loopback port until the benchmark ends.
func startTestServer(b *testing.B, h http.Handler) string {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	return srv.URL
}

// vmHWM returns the process's peak resident set size in KiB, or 0.
func vmHWM() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

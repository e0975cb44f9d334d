package exporter

import (
	"fmt"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/sync/singleflight"

	"github.com/closewait/closewait/internal/sockscan"
)

// A collector is a prometheus.Collector that scans the sockets when it
// is collected. Concurrent collections share one scan, and none waits
// for it longer than config.ScanTimeout.
type collector struct {
	cfg     *config
	descs   *descs
	scanner *sockscan.Scanner // used by one scan at a time (the flight)
	flight  singleflight.Group
	errors  atomic.Uint64
	logw    io.Writer
	// scanFunc runs one scan: scanOnce, or a stand-in in tests.
	scanFunc func() (*scanResult, error)
	// sites attributes a scan's sockets to their sites (-trace), or is nil.
	sites     func(*sockscan.Snapshot) *siteView
	siteDescs *siteDescs
}

// newCollector returns a collector for cfg. Scan errors are also logged
// to logw, if not nil.
func newCollector(cfg *config, logw io.Writer) *collector {
	c := &collector{
		cfg:   cfg,
		descs: newDescs(cfg.PIDLabel),
		scanner: sockscan.NewScanner(sockscan.ScanOptions{
			// TIME_WAIT sockets are listed too (they have no owner), to
			// count ephemeral ports per destination.
			States:        []sockscan.State{sockscan.CloseWait, sockscan.TimeWait},
			Owners:        true,
			Orphans:       true,
			Info:          !cfg.Proc,
			AllNamespaces: true,
			ProcOnly:      cfg.Proc,
		}),
		logw: logw,
	}
	c.scanner.FullEvery = cfg.FullEvery
	c.scanFunc = c.scanOnce
	c.siteDescs = newSiteDescs(cfg.PIDLabel)
	return c
}

// newHandler returns the exporter's HTTP handler: /metrics, with the
// socket metrics (by site with tr, if not nil), the Go runtime's and the
// process's, and a small page on /.
func newHandler(cfg *config, logw io.Writer, tr *tracer) (http.Handler, error) {
	reg := prometheus.NewRegistry()
	c := newCollector(cfg, logw)
	if tr != nil {
		c.sites = tr.attribute
	}
	for _, c := range []prometheus.Collector{
		c,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("registering collectors: %w", err)
		}
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}))
	mux.HandleFunc("/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>closewait exporter</title></head><body><h1>closewait exporter</h1><p><a href="metrics">Metrics</a></p></body></html>`+"\n")
	})
	return mux, nil
}

// A scanResult is what one scan found.
type scanResult struct {
	snap  *sockscan.Snapshot
	kern  sockscan.Kernel
	sel   selection
	sites *siteView // with -trace, else nil
}

// scan runs a scan, or joins the one in flight, and waits for it at most
// the scan timeout. A scan that times out goes on in the background (a
// netlink dump and a walk of /proc cannot be interrupted from here):
// collections that come meanwhile join it instead of starting another,
// so there is never more than one scan at a time.
func (c *collector) scan() (*scanResult, time.Duration, error) {
	start := time.Now()
	ch := c.flight.DoChan("scan", func() (any, error) { return c.scanFunc() })
	timer := time.NewTimer(c.cfg.ScanTimeout)
	defer timer.Stop()
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, time.Since(start), r.Err
		}
		res := r.Val.(*scanResult)
		return res, res.snap.Duration, nil
	case <-timer.C:
		return nil, time.Since(start), fmt.Errorf("scan did not finish within -scan-timeout %v (it goes on in the background; scrapes join it until it ends)", c.cfg.ScanTimeout)
	}
}

// scanOnce selects the processes and scans their sockets.
func (c *collector) scanOnce() (*scanResult, error) {
	start := time.Now()
	sel, err := selectProcesses(c.cfg)
	if err != nil {
		return nil, err
	}
	if err := sel.check(c.cfg); err != nil {
		return nil, err
	}
	res := &scanResult{sel: sel}
	res.kern, _ = sockscan.ReadKernel() // unreadable settings are -1: no ratio
	c.scanner.Options.PIDs = sel.pids
	snap, err := c.scanner.Scan()
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	if c.sites != nil {
		res.sites = c.sites(snap)
	}
	snap.Duration = time.Since(start)
	res.snap = snap
	return res, nil
}

// Describe sends the descriptions of the socket metrics.
func (c *collector) Describe(ch chan<- *prometheus.Desc) {
	c.descs.describe(ch)
	c.siteDescs.describe(ch)
}

// Collect scans and sends the socket metrics. When the scan fails or
// times out it sends only closewait_scan_success 0, the duration and the
// error count: a missing series is not mistaken for zero sockets.
func (c *collector) Collect(ch chan<- prometheus.Metric) {
	res, took, err := c.scan()
	d := c.descs
	if err != nil {
		n := c.errors.Add(1)
		if c.logw != nil {
			fmt.Fprintf(c.logw, "closewait exporter: %v (%d scan errors so far)\n", err, n)
		}
	}
	send(ch, d.scanDuration, prometheus.GaugeValue, took.Seconds())
	send(ch, d.scanErrors, prometheus.CounterValue, float64(c.errors.Load()))
	if err != nil {
		send(ch, d.scanSuccess, prometheus.GaugeValue, 0)
		return
	}
	send(ch, d.scanSuccess, prometheus.GaugeValue, 1)
	d.collect(ch, aggregate(res, c.cfg))
	if res.sites != nil {
		c.siteDescs.collect(ch, res.sites, c.cfg.TraceTop)
	}
}

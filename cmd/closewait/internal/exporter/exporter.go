package exporter

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// defaultListen is the default listen address: port 9815, in the range
// 9100-9999 that Prometheus exporters use. Whether it is free on the
// Prometheus "Default port allocations" wiki page was not checked (no
// network where this was written); -listen changes it.
const defaultListen = ":9815"

const usage = `usage: closewait exporter [flags]

Serves Prometheus metrics about TCP sockets stuck in CLOSE_WAIT, orphaned TCP
descriptors (sockets the peer reset while the program still holds them), open
descriptors against RLIMIT_NOFILE, and outbound sockets against the ephemeral
port range, per command, on http://ADDR/metrics. Every scrape scans the live
sockets (netlink sock_diag and /proc/<pid>/fd, in every network namespace it
can see); concurrent scrapes share one scan. Linux only.

Without root (or CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH), other users'
processes cannot be read: their CLOSE_WAIT sockets are counted in
closewait_unattributed_sockets, and their orphaned fds and open fds are not
seen at all (closewait_unreadable_processes says how many processes that is).

Flags:
`

const examples = `
Examples:
  closewait exporter                               # all processes, on :9815
  closewait exporter -listen 127.0.0.1:9815 -pid-label
  closewait exporter -command 'nginx|envoy'        # only these commands
  closewait exporter -netns self                   # only the exporter's network namespace
  closewait exporter -trace -command 'api|worker'  # and the lines that opened their sockets

Metrics (see the README, "Fleet view: closewait exporter"):
  closewait_sockets{state}, closewait_close_wait_sockets{command,direction},
  closewait_orphaned_fds{command}, closewait_close_wait_oldest_seconds{command},
  closewait_time_wait_sockets{direction}, closewait_ephemeral_ports_used_ratio,
  closewait_open_fds{command}, closewait_max_fds{command},
  closewait_unattributed_sockets, closewait_unreadable_processes,
  closewait_scanned_processes, closewait_scan_success,
  closewait_scan_duration_seconds, closewait_scan_errors_total,
  and the go_* and process_* metrics of the exporter itself.
  With -trace: closewait_close_wait_sockets_by_site{command,function,file,line,direction},
  closewait_orphaned_fds_by_site{command,function,file,line},
  closewait_trace_unattributed_close_wait_sockets{command,direction},
  closewait_trace_unattributed_orphaned_fds{command}, closewait_trace_attached,
  closewait_traced_processes{command}, closewait_trace_failed_processes{command},
  closewait_trace_tracked_sockets, closewait_trace_lost_events_total.

Exit status: 0 after SIGINT or SIGTERM, 2 on a usage error, when it cannot listen,
or on a system other than Linux. -trace failing to attach is not an error: the
exporter logs why and serves closewait_trace_attached 0.
`

// config is the parsed command line.
type config struct {
	Listen      string
	ScanTimeout time.Duration
	PIDLabel    bool
	PIDs        []int          // -pid: only these processes
	Command     *regexp.Regexp // -command: only processes whose command matches (anchored)
	NetNS       netnsFilter    // -netns
	FullEvery   int            // -full-every: read every process's fds every N'th scan
	Proc        bool           // -proc: /proc/<pid>/net/tcp instead of netlink
	Trace       bool           // -trace: attach eBPF uprobes to the watched Go processes
	TraceTop    int            // -trace-top: sites per command, the rest summed as "other"
	TracePoll   time.Duration  // -trace-poll: how often to look for processes to attach to
	selection   string         // the -pid, -command and -netns flags given, as written
}

// filtered reports whether the view is limited to some processes.
func (c *config) filtered() bool {
	return c.PIDs != nil || c.Command != nil || !c.NetNS.all()
}

// parseFlags parses the exporter's command line; it returns flag.ErrHelp
// for -help, after printing the usage to stderr.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("closewait exporter", flag.ContinueOnError)
	cfg := &config{}
	fs.StringVar(&cfg.Listen, "listen", defaultListen, "serve /metrics on `ADDR` (host:port)")
	fs.DurationVar(&cfg.ScanTimeout, "scan-timeout", 8*time.Second, "give up on a scan after `D` (keep it below Prometheus's scrape_timeout, 10s by default)")
	fs.BoolVar(&cfg.PIDLabel, "pid-label", false, "add a pid label to the per-command metrics (one series per process)")
	pids := fs.String("pid", "", "only these processes: `N[,M...]`")
	command := fs.String("command", "", "only processes whose command name (/proc/<pid>/comm) matches `REGEXP`, anchored at both ends as in PromQL")
	netns := fs.String("netns", "all", "network namespaces to look into: `SPEC` all, self (the exporter's own), or a list of inodes (4026531840 or net:[4026531840]) or namespace files (/proc/PID/ns/net, /run/netns/NAME)")
	fs.IntVar(&cfg.FullEvery, "full-every", 1, "read the descriptors of every process (to find new orphaned fds) every `N`th scan; in the others only of the processes that held something, which is cheaper")
	fs.BoolVar(&cfg.Proc, "proc", false, "read /proc/<pid>/net/tcp{,6} instead of netlink sock_diag (no closewait_close_wait_oldest_seconds)")
	fs.BoolVar(&cfg.Trace, "trace", false, "attach eBPF uprobes to the watched Go processes and export their CLOSE_WAIT sockets and orphaned fds by the line that opened them (closewait_close_wait_sockets_by_site; Linux x86-64, root or CAP_SYS_ADMIN, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH)")
	fs.IntVar(&cfg.TraceTop, "trace-top", 10, "with -trace, export at most `N` sites per command, those with the most CLOSE_WAIT sockets and orphaned fds; the rest are summed in one series whose function and file are \"other\"")
	fs.DurationVar(&cfg.TracePoll, "trace-poll", time.Second, "with -trace, look for new and exited processes to attach to and detach from every `D`")
	// A bad flag is reported by the caller in one line, with a pointer to
	// -help, rather than under the whole usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprint(stderr, usage)
			fs.PrintDefaults()
			fmt.Fprint(stderr, examples)
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (the exporter takes only flags)", fs.Arg(0))
	}
	if _, _, err := net.SplitHostPort(cfg.Listen); err != nil {
		return nil, fmt.Errorf("-listen: %q is not host:port (%v); for all interfaces write :9815", cfg.Listen, err)
	}
	switch {
	case cfg.ScanTimeout <= 0:
		return nil, fmt.Errorf("-scan-timeout: %v is not positive", cfg.ScanTimeout)
	case cfg.FullEvery < 1:
		return nil, fmt.Errorf("-full-every: %d is less than 1", cfg.FullEvery)
	case cfg.TraceTop < 1:
		return nil, fmt.Errorf("-trace-top: %d is less than 1", cfg.TraceTop)
	case cfg.TracePoll <= 0:
		return nil, fmt.Errorf("-trace-poll: %v is not positive", cfg.TracePoll)
	}
	if *pids != "" {
		cfg.PIDs = []int{}
		for _, f := range strings.Split(*pids, ",") {
			pid, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || pid <= 0 {
				return nil, fmt.Errorf("-pid: bad process id %q, want a positive number", f)
			}
			cfg.PIDs = append(cfg.PIDs, pid)
		}
	}
	if *command != "" {
		re, err := regexp.Compile("^(?:" + *command + ")$")
		if err != nil {
			return nil, fmt.Errorf("-command: bad regular expression %q: %v", *command, err)
		}
		cfg.Command = re
	}
	var err error
	if cfg.NetNS, err = parseNetNS(*netns); err != nil {
		return nil, fmt.Errorf("-netns: %v", err)
	}
	var sel []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "pid" || f.Name == "command" || f.Name == "netns" {
			sel = append(sel, fmt.Sprintf("-%s %q", f.Name, f.Value))
		}
	})
	cfg.selection = strings.Join(sel, " ")
	return cfg, nil
}

// Main runs the exporter until SIGINT or SIGTERM and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, stderr, nil)
}

// run parses args and serves until ctx is done. ready, if not nil, is
// called with the address listened on once the server accepts.
func run(ctx context.Context, args []string, stderr io.Writer, ready func(net.Addr)) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "closewait exporter: %v\n(run 'closewait exporter -help' for usage)\n", err)
		return 2
	}
	if runtime.GOOS != "linux" {
		fmt.Fprintf(stderr, "closewait exporter: socket inspection is supported only on Linux, not %s\n", runtime.GOOS)
		return 2
	}
	var tr *tracer
	if cfg.Trace {
		tr = startTracer(ctx, cfg, stderr)
		defer tr.close()
	}
	h, err := newHandler(cfg, stderr, tr)
	if err != nil {
		fmt.Fprintf(stderr, "closewait exporter: %v\n", err)
		return 2
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		fmt.Fprintf(stderr, "closewait exporter: %v\n", err)
		return 2
	}
	fmt.Fprintf(stderr, "closewait exporter: serving http://%s/metrics\n", ln.Addr())
	if ready != nil {
		ready(ln.Addr())
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      cfg.ScanTimeout + 30*time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "closewait exporter: %v\n", err)
		return 2
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil {
		srv.Close()
	}
	return 0
}

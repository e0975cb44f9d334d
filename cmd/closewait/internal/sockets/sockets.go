package sockets

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

const socketsUsage = `usage: closewait sockets [flags]

Shows which processes hold TCP sockets in CLOSE_WAIT (or other states), since
when, inbound or outbound, and their orphaned TCP descriptors: sockets reset by
the peer while the program still holds them, which appear in no socket table.
It prints the per-state histogram, then the sockets grouped by process and local
endpoint, then the context: open fds against RLIMIT_NOFILE, outbound sockets
against the ephemeral port range, and the kernel settings people reach for.
Linux only. Without root, other users' processes cannot be read: their
sockets are listed with pid ? and counted, and -max, or -pid naming such a
process, exits 2 rather than pass without seeing them.

Flags:
`

const socketsExamples = `
Examples:
  closewait sockets                         # histogram + CLOSE_WAIT by process
  closewait sockets -pid 1234 -json         # one process, machine-readable
  closewait sockets -state close-wait,time-wait
  closewait sockets -state time-wait        # TIME_WAIT by remote endpoint: who closes first, and the port budget
  closewait sockets -watch 5s -count 12     # a minute of samples, then a verdict
  closewait sockets -max 100                # health check: exit 1 above 100
  closewait sockets -watch 10s -count 6 -fail-on-growth

Exit status:
  0  ok
  1  threshold exceeded: more than -max sockets (listed sockets plus orphaned
     TCP fds) in the last sample, or -fail-on-growth and the count is growing
  2  usage or runtime error (including an unsupported system), or a scan
     that could not see what was asked: a -pid that names no process or
     whose fds cannot be read, or -max while some process cannot be read
`

// config is the parsed command line of the sockets subcommand.
type config struct {
	pids         []int
	states       []sockscan.State
	json         bool
	watch        time.Duration
	count        int
	max          int
	failOnGrowth bool
	proc         bool
	top          int
	confirm      time.Duration // -orphan-confirm
}

// parseFlags parses args; it returns flag.ErrHelp for -help.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("closewait sockets", flag.ContinueOnError)
	var (
		cfg    config
		pids   = fs.String("pid", "", "restrict to these processes: `N[,M...]` (reads only their fds)")
		states = fs.String("state", "close-wait", "states to list: `LIST` of close-wait, established, time-wait, listen, syn-sent, syn-recv, fin-wait1, fin-wait2, last-ack, closing, closed, or all")
	)
	fs.BoolVar(&cfg.json, "json", false, "print JSON (with -watch: one object per sample, then a summary)")
	fs.DurationVar(&cfg.watch, "watch", 0, "sample every `interval` and report growth per process")
	fs.IntVar(&cfg.count, "count", 0, "with -watch, stop after `N` samples (default: until interrupted)")
	fs.IntVar(&cfg.max, "max", -1, "exit 1 when more than `N` sockets match (listed sockets plus orphaned TCP fds)")
	fs.BoolVar(&cfg.failOnGrowth, "fail-on-growth", false, "with -watch, exit 1 when the verdict is growing")
	fs.BoolVar(&cfg.proc, "proc", false, "read /proc/<pid>/net/tcp{,6} instead of netlink (no ages)")
	fs.IntVar(&cfg.top, "top", 3, "remote endpoints to show per group")
	fs.DurationVar(&cfg.confirm, "orphan-confirm", sockscan.DefaultOrphanConfirm, "count a TCP fd in no socket table as orphaned only once its process went idle, or this `interval` passed while it ran, and it still holds the same socket, still in no table (0: confirm at once, without waiting)")
	// A bad flag is reported by the caller in one line, with a pointer to
	// -help, rather than under the whole usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprint(stderr, socketsUsage)
			fs.PrintDefaults()
			fmt.Fprint(stderr, socketsExamples)
		}
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q (the sockets subcommand takes only flags)", fs.Arg(0))
	}
	watchSet := false
	fs.Visit(func(f *flag.Flag) { watchSet = watchSet || f.Name == "watch" })
	if watchSet && cfg.watch == 0 {
		return nil, errors.New("-watch: the interval must be positive, at least 100ms (to scan once, leave -watch out)")
	}
	var err error
	if cfg.states, err = sockscan.ParseStates(*states); err != nil {
		return nil, fmt.Errorf("-state: %v", err)
	}
	if *pids != "" {
		for _, f := range strings.Split(*pids, ",") {
			pid, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || pid <= 0 {
				return nil, fmt.Errorf("-pid: bad process id %q, want a positive number", f)
			}
			cfg.pids = append(cfg.pids, pid)
		}
	}
	switch {
	case cfg.watch < 0:
		return nil, fmt.Errorf("-watch: negative interval %v", cfg.watch)
	case cfg.watch > 0 && cfg.watch < 100*time.Millisecond:
		return nil, fmt.Errorf("-watch: interval %v is too short (at least 100ms)", cfg.watch)
	case cfg.count < 0:
		return nil, fmt.Errorf("-count: negative count %d", cfg.count)
	case cfg.count > 0 && cfg.watch == 0:
		return nil, errors.New("-count needs -watch")
	case cfg.failOnGrowth && cfg.watch == 0:
		return nil, errors.New("-fail-on-growth needs -watch")
	case cfg.max < -1:
		return nil, fmt.Errorf("-max: negative threshold %d", cfg.max)
	case cfg.top < 0:
		return nil, fmt.Errorf("-top: negative count %d", cfg.top)
	case cfg.confirm < 0:
		return nil, fmt.Errorf("-orphan-confirm: negative interval %v", cfg.confirm)
	}
	return &cfg, nil
}

// Main runs the sockets subcommand with the command line args (after
// "sockets") and returns the exit status.
func Main(args []string, stdout, stderr io.Writer) int {
	return run(args, stdout, stderr, nil)
}

// run runs the subcommand with the given output streams. A
// non-nil stop channel ends a -watch early, as an interrupt does.
func run(args []string, stdout, stderr io.Writer, stop <-chan struct{}) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "closewait sockets: %v\n(run 'closewait sockets -help' for usage)\n", err)
		return 2
	}
	states := cfg.states
	if cfg.watch > 0 && !slices.Contains(states, sockscan.CloseWait) {
		// A watch follows CLOSE_WAIT sockets whatever -state lists.
		states = append(slices.Clone(states), sockscan.CloseWait)
	}
	sc := sockscan.NewScanner(sockscan.ScanOptions{
		States:        states,
		PIDs:          cfg.pids,
		Owners:        true,
		Orphans:       true,
		Info:          !cfg.proc,
		AllNamespaces: true,
		ProcOnly:      cfg.proc,
		OrphanConfirm: orphanConfirm(cfg.confirm),
	})
	if cfg.watch > 0 {
		return runWatch(cfg, sc, stdout, stderr, stop)
	}
	snap, err := sc.Scan()
	if err != nil {
		fmt.Fprintf(stderr, "closewait sockets: %v\n", err)
		return 2
	}
	if err := checkSeen(cfg, snap); err != nil {
		fmt.Fprintf(stderr, "closewait sockets: %v\n", err)
		return 2
	}
	kern, _ := sockscan.ReadKernel()
	noteDenied(stderr, snap)
	if cfg.json {
		err = writeJSON(stdout, snap, kern, cfg)
	} else {
		err = writeText(stdout, snap, kern, cfg)
	}
	if err != nil {
		fmt.Fprintf(stderr, "closewait sockets: %v\n", err)
		return 2
	}
	return thresholdStatus(cfg, snap, stderr)
}

// orphanConfirm maps -orphan-confirm to ScanOptions.OrphanConfirm, where 0
// means the default and a negative value no wait.
func orphanConfirm(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}

// matched counts what -max compares: the sockets in the states of
// -state plus orphaned fds.
func matched(cfg *config, snap *sockscan.Snapshot) int {
	n := len(snap.Orphaned)
	for i := range snap.Sockets {
		if slices.Contains(cfg.states, snap.Sockets[i].State) {
			n++
		}
	}
	return n
}

// thresholdStatus returns 1 when -max is exceeded, else 0.
func thresholdStatus(cfg *config, snap *sockscan.Snapshot, stderr io.Writer) int {
	if n := matched(cfg, snap); cfg.max >= 0 && n > cfg.max {
		fmt.Fprintf(stderr, "closewait sockets: %d sockets match, more than -max %d\n", n, cfg.max)
		return 1
	}
	return 0
}

// checkSeen returns an error when the scan could not look where it was
// asked to, so that an empty report would claim a clean state it never
// saw: a -pid process that does not exist or whose descriptors could not
// be read, or, with -max, any process that could not be read (its
// orphaned fds could not be counted).
func checkSeen(cfg *config, snap *sockscan.Snapshot) error {
	if len(snap.Missing) > 0 {
		return fmt.Errorf("-pid: no process %s", joinInts(snap.Missing))
	}
	if cfg.pids != nil {
		var denied []int
		for _, pid := range cfg.pids {
			if slices.Contains(snap.Denied, pid) {
				denied = append(denied, pid)
			}
		}
		if len(denied) > 0 {
			return fmt.Errorf("-pid: cannot read the descriptors of process %s (another user's: run as root)", joinInts(denied))
		}
	}
	if cfg.max >= 0 && len(snap.Denied) > 0 {
		return fmt.Errorf("-max: cannot check: %d processes of other users could not be read, so their orphaned fds cannot be counted (run as root, or name your own processes with -pid)", len(snap.Denied))
	}
	return nil
}

// noteDenied says once that other users' processes could not be read.
func noteDenied(stderr io.Writer, snap *sockscan.Snapshot) {
	if n := len(snap.Denied); n > 0 {
		fmt.Fprintf(stderr, "note: %d processes of other users could not be read (run as root to see their owners); their sockets show pid ?\n", n)
	}
}

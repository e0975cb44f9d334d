// Package trace implements 'closewait trace': it follows, with eBPF
// uprobes, the sockets that a running Go process creates, and reports for
// those in CLOSE_WAIT (and orphaned ones) the line of the program that
// opened them. With -check it joins that with the static passes, run on
// the module versions the binary was built from (checkmod.go): the
// findings whose acquisition is such a line, or a call on the stack that
// led to it, are confirmed (check.go).
package trace

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

const usage = `usage: closewait trace -pid P [flags] [-check packages...]

Records the call stack of every socket that the Go process P creates while
traced (eBPF uprobes on its socket creation and on its HTTP client's
requests), then reports, for its sockets in CLOSE_WAIT and its orphaned TCP
fds, the line of the program that opened them:

  37 sockets in CLOSE_WAIT opened at server.go:71 in main.(*Server).serve (accept)

The line is the first frame outside the runtime, net, net/http, crypto/tls,
internal and syscall packages; a socket that an http.Transport dialed is
attributed to the request sent over that Transport that made it dial (the
client.Get or Do line). Sockets opened before tracing began have no stack:
they are counted, not attributed. Linux on x86-64, as root (or with
CAP_SYS_ADMIN, CAP_SYS_PTRACE and CAP_DAC_READ_SEARCH); the program must be a Go program
(1.21 to 1.26 verified).

With -check, the static passes run on the packages (checked before tracing,
analysed while tracing, without their test files, in the module versions
the binary was built from), and each finding whose acquisition is one of
the reported lines, or a call on their stacks, is printed as confirmed.

Flags:
`

const examples = `
Examples:
  closewait trace -pid 1234                 # until Ctrl-C, then report
  closewait trace -pid 1234 -for 30s -json
  closewait trace -pid 1234 -for 30s -state all
  closewait trace -pid 1234 -for 30s -check ./...

Exit status:
  0  the process holds no socket in CLOSE_WAIT and no orphaned TCP fd
  2  usage or runtime error: no such process, not a Go program, not root,
     no BPF or uprobes, a process that exited while traced, -check packages
     that match nothing or fail to load, static passes that fail
  3  the process holds sockets in CLOSE_WAIT or orphaned TCP fds, opened
     while traced or not (those opened before cannot be attributed)
`

// config is the parsed command line.
type config struct {
	pid    int
	dur    time.Duration
	json   bool
	states []sockscan.State
	check  []string // package patterns for -check; nil without it
	dir    string   // where the patterns are resolved: the working directory
	names  pathNamer
	self   string // the closewait executable that runs the passes; "" for os.Executable
}

func parse(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("closewait trace", flag.ContinueOnError)
	// A bad flag is reported by the caller in one line, with a pointer to
	// -help, rather than under the whole usage.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	cfg := &config{}
	pid := fs.String("pid", "", "the `PID` of the Go process to trace")
	fs.DurationVar(&cfg.dur, "for", 0, "trace for this `duration`, then report (default: until interrupted)")
	fs.BoolVar(&cfg.json, "json", false, "write the report as JSON")
	states := fs.String("state", "close-wait", "report the sites with sockets in these states: `LIST` of close-wait, established, time-wait, listen, syn-sent, syn-recv, fin-wait1, fin-wait2, last-ack, closing, closed, or all (orphaned fds always)")
	check := fs.String("check", "", "run the static passes on these `packages` (more may follow the flags) and mark the findings opened at a reported line")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprint(stderr, usage)
			fs.PrintDefaults()
			fmt.Fprint(stderr, examples)
		}
		return nil, err
	}
	if *pid == "" {
		return nil, errors.New("-pid is required")
	}
	n, err := strconv.Atoi(*pid)
	if err != nil || n <= 0 {
		return nil, fmt.Errorf("-pid: %q is not a process id", *pid)
	}
	cfg.pid = n
	if cfg.dur < 0 {
		return nil, fmt.Errorf("-for: %v is negative", cfg.dur)
	}
	if cfg.states, err = sockscan.ParseStates(*states); err != nil {
		return nil, fmt.Errorf("-state: %v", err)
	}
	if *check != "" {
		cfg.check = append([]string{*check}, fs.Args()...)
	} else if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q: packages go with -check", fs.Args())
	}
	if cfg.dir, err = os.Getwd(); err != nil {
		return nil, err
	}
	cfg.names = pathNamer{dir: cfg.dir}
	return cfg, nil
}

// Main runs 'closewait trace' with the arguments that follow the word
// trace and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return mainContext(ctx, args, stdout, stderr)
}

// mainContext is Main, tracing until ctx is done when -for is not given.
func mainContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parse(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "closewait trace: %v\n(run 'closewait trace -help' for usage)\n", err)
		return 2
	}
	cfg.names.modCache = goModCache(cfg.dir)
	var static *staticRun
	if cfg.check != nil {
		var done func()
		if static, done, err = beginCheck(ctx, cfg, stderr); err != nil {
			fmt.Fprintf(stderr, "closewait trace: -check: %v\n", err)
			return 2
		}
		defer done()
	}
	r, err := run(ctx, cfg, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "closewait trace: %v\n", err)
		return 2
	}
	var checkErr error
	if static != nil {
		select {
		case <-static.done:
		default:
			fmt.Fprintf(stderr, "closewait trace: waiting for the static passes to finish\n")
		}
		findings, err := static.wait()
		if err != nil {
			checkErr = err // the capture is reported all the same
		} else {
			confirm(r, findings, cfg)
		}
	}
	if cfg.json {
		if err := r.writeJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "closewait trace: %v\n", err)
			return 2
		}
	} else {
		r.writeText(stdout)
	}
	if checkErr != nil {
		fmt.Fprintf(stderr, "closewait trace: -check: %v (the trace above is complete; the static findings are missing)\n", checkErr)
		return 2
	}
	if r.leaking() {
		return 3
	}
	return 0
}

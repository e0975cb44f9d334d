package trace

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/closewait/closewait/cmd/closewait/internal/gotrace"
	"github.com/closewait/closewait/internal/procfs"
	"github.com/closewait/closewait/internal/sockscan"
)

// run traces the process as cfg says and returns the report.
func run(ctx context.Context, cfg *config, stderr io.Writer) (*report, error) {
	t, err := gotrace.Start(cfg.pid)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	began := time.Now()
	var deadline time.Time
	if cfg.dur > 0 {
		deadline = began.Add(cfg.dur)
		fmt.Fprintf(stderr, "closewait trace: tracing pid %d for %v\n", cfg.pid, cfg.dur)
	} else {
		fmt.Fprintf(stderr, "closewait trace: tracing pid %d; interrupt (Ctrl-C) to report\n", cfg.pid)
	}
	if err := t.Exe.InlineError(); err != nil {
		fmt.Fprintf(stderr, "closewait trace: note: the executable has no DWARF (built with -ldflags=-w or -s) and its inlining tables cannot be read (%v): calls inlined into the program's functions cannot be expanded, so a site may be a line of an inlined library function; build without -w and -s for exact lines\n", err)
	}
	if err := t.Run(ctx, deadline); err != nil {
		return nil, err
	}
	// The traced window ends here: what follows reads the socket tables.
	traced := time.Since(began)
	snap, err := sockscan.Scan(sockscan.ScanOptions{
		States:        sockscan.AllStates(),
		PIDs:          []int{cfg.pid},
		Owners:        true,
		Orphans:       true,
		AllNamespaces: true,
	})
	if err != nil {
		return nil, err
	}
	if len(snap.Missing) > 0 {
		return nil, fmt.Errorf("process %d exited while it was traced", cfg.pid)
	}
	if len(snap.Denied) > 0 {
		return nil, fmt.Errorf("cannot read the descriptors of process %d: run as root", cfg.pid)
	}
	r := &report{
		PID:        cfg.pid,
		Command:    command(cfg.pid),
		GoVersion:  t.Exe.GoVersion,
		DurationMS: traced.Milliseconds(),
		Opened:     t.Opened,
		states:     cfg.states,
		names:      cfg.names,
	}
	r.Sites, r.Unattributed = build(t.Sockets, gotrace.NewSymbolizer(t.Exe), snap)
	return r, nil
}

func command(pid int) string {
	name, err := procfs.Command(pid)
	if err != nil {
		return "?"
	}
	return name
}

// Package exporter implements "closewait exporter": a Prometheus exporter
// that scans the machine's TCP sockets at scrape time, with package
// internal/sockscan, and serves the CLOSE_WAIT sockets, orphaned TCP descriptors,
// open descriptors and ephemeral port use of the processes that hold them
// as metrics on /metrics.
//
// Each scrape runs one scan (concurrent scrapes share it) and waits for it
// at most -scan-timeout; nothing is cached between scrapes, so the metrics
// are as fresh as the scrape.
//
// With -trace, a tracer (tracing_linux.go) attaches gotrace's uprobes to
// the Go processes the exporter watches, picks up new ones and detaches
// exited ones, and each scan attributes their CLOSE_WAIT sockets and
// orphaned fds to the lines that opened them (attribute_linux.go; sites.go
// has the per-site metrics, -trace-top and the other series).
//
// Imports: internal/sockscan, internal/procfs, gotrace, the Prometheus client and the standard
// library; never the analyzers, golang.org/x/tools or another command.
// Only package main (cmd/closewait) imports it.
package exporter

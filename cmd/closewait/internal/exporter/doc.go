// Package exporter implements "closewait exporter": a Prometheus exporter
// that scans the machine's TCP sockets at scrape time, with package
// sockstate, and serves the CLOSE_WAIT sockets, orphaned TCP descriptors,
// open descriptors and ephemeral port use of the processes that hold them
// as metrics on /metrics.
//
// Each scrape runs one scan (concurrent scrapes share it) and waits for it
// at most -scan-timeout; nothing is cached between scrapes, so the metrics
// are as fresh as the scrape.
//
// Imports: sockstate, the Prometheus client and the standard library; never
// the analyzers, golang.org/x/tools or another command. Only package main
// (cmd/closewait) imports it.
package exporter

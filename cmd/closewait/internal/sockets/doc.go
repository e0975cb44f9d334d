// Package sockets implements "closewait sockets": the live TCP sockets of
// the machine (or of some processes) by state, with their owners, as text
// (a histogram, groups by process and local endpoint, the processes, the
// TIME_WAIT view and the kernel context) or JSON (jsonReport), once or
// watched over time (-watch) with a verdict on growth. The scan itself is
// internal/sockscan's, shared with the sockstate test helper.
//
// Imports: internal/sockscan and the standard library; never the analyzers,
// golang.org/x/tools or another command. Only package main (cmd/closewait)
// imports it.
package sockets

// Command closewait finds socket leaks: connections, listeners and HTTP
// response bodies that some path leaves open, the code-level cause of TCP
// sockets stuck in CLOSE_WAIT. It runs standalone on package patterns, as
// go vet -vettool, and, with the sockets subcommand, inspects live sockets;
// the exporter subcommand serves the same view as Prometheus metrics, and
// the trace subcommand finds the lines that opened a Go process's sockets.
//
// Usage:
//
//	closewait [flags] packages...
//	go vet -vettool=$(command -v closewait) [flags] packages...
//	closewait help [pass]
//	closewait precommit [flags] files...
//	closewait sockets [flags]
//	closewait exporter [flags]
//	closewait trace -pid P [flags]
//
// Run 'closewait -help' for the flags, the output formats (text, JSON,
// SARIF 2.1.0) and the exit status.
//
// This package only dispatches: each command lives in a package of its
// own under internal/ (lint, the linter and precommit; sockets; exporter; trace),
// with its own flags.
//
// Imports: the commands under internal/ and the standard library. No
// command imports another, and nothing outside cmd/ imports a command
// (passes/imports_test.go checks both).
package main

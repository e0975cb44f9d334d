// Command closewait finds socket leaks: connections, listeners and HTTP
// response bodies that some path leaves open, the code-level cause of TCP
// sockets stuck in CLOSE_WAIT. It runs standalone on package patterns, as
// go vet -vettool, and, with the sockets subcommand, inspects live sockets;
// the exporter subcommand serves the same view as Prometheus metrics.
//
// Usage:
//
//	closewait [flags] packages...
//	go vet -vettool=$(command -v closewait) [flags] packages...
//	closewait help [pass]
//	closewait precommit [flags] files...
//	closewait sockets [flags]
//	closewait exporter [flags]
//
// Run 'closewait -help' for the flags, the output formats (text, JSON,
// SARIF 2.1.0) and the exit status.
//
// This package only dispatches: each command lives in a package of its
// own under internal/, with its own flags.
package main

import (
	"io"
	"os"

	"github.com/closewait/closewait/cmd/closewait/internal/exporter"
	"github.com/closewait/closewait/cmd/closewait/internal/lint"
	"github.com/closewait/closewait/cmd/closewait/internal/sockets"
)

// commands are the subcommands, by the name that is closewait's first
// argument. Any other command line is the linter's.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"exporter":  exporter.Main,
	"precommit": lint.PreCommit,
	"sockets":   sockets.Main,
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command that args name and returns its exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		if cmd, ok := commands[args[0]]; ok {
			return cmd(args[1:], stdout, stderr)
		}
	}
	return lint.Main(args, stdout, stderr)
}

package main

import (
	"io"
	"os"

	"github.com/closewait/closewait/cmd/closewait/internal/exporter"
	"github.com/closewait/closewait/cmd/closewait/internal/lint"
	"github.com/closewait/closewait/cmd/closewait/internal/sockets"
	"github.com/closewait/closewait/cmd/closewait/internal/trace"
)

// commands are the subcommands, by the name that is closewait's first
// argument. Any other command line is the linter's.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"exporter":  exporter.Main,
	"precommit": lint.PreCommit,
	"sockets":   sockets.Main,
	"trace":     trace.Main,
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

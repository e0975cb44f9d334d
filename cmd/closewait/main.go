package main

import (
	"io"
	"os"
	"runtime/debug"

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

// gcPercent is the GOGC percentage of the commands that allocate in
// proportion to what they scan and then exit (a scan of tens of thousands
// of sockets): they trade memory for fewer collections. It is set here,
// for the process, and not in the commands, whose tests share theirs.
var gcPercent = map[string]int{"sockets": 400}

func main() {
	args := os.Args[1:]
	if len(args) > 0 {
		if p, ok := gcPercent[args[0]]; ok {
			debug.SetGCPercent(p)
		}
	}
	os.Exit(run(args, os.Stdout, os.Stderr))
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

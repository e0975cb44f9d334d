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
//	closewait trace -pid P [flags]
//
// Run 'closewait -help' for the flags, the output formats (text, JSON,
// SARIF 2.1.0) and the exit status.
package main

import (
	"flag"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/closewait/closewait/cmd/closewait/internal/exporter"
	"github.com/closewait/closewait/cmd/closewait/internal/trace"
	"github.com/closewait/closewait/passes"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sockets" {
		os.Exit(runSockets(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "precommit" {
		os.Exit(runPreCommit(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "exporter" {
		os.Exit(exporter.Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	if len(os.Args) > 1 && os.Args[1] == "trace" {
		os.Exit(trace.Main(os.Args[2:], os.Stdout, os.Stderr))
	}
	if vetProtocol(os.Args[1:]) {
		// go vet runs the tool as "closewait -V=full", "closewait -flags"
		// and "closewait [flags] x.cfg": multichecker implements exactly
		// that protocol (through unitchecker).
		briefFlagErrors()
		multichecker.Main(passes.All()...)
		return
	}
	os.Exit(runCheck(os.Args[1:], os.Stdout, os.Stderr))
}

// briefFlagErrors makes a bad flag under the go vet protocol print one
// line, "closewait: invalid value ... for flag -NAME: why", rather than
// the error and the full usage: go vet runs the tool once per package, so
// a usage dump is repeated for every package (3,600 lines for 81).
func briefFlagErrors() {
	flag.Usage = func() {}
	flag.CommandLine.SetOutput(&linePrefixer{w: os.Stderr, prefix: "closewait: "})
}

// A linePrefixer writes to w with prefix at the start of every line.
type linePrefixer struct {
	w      io.Writer
	prefix string
	mid    bool // within a line
}

func (p *linePrefixer) Write(b []byte) (int, error) {
	var out []byte
	for _, c := range b {
		if !p.mid {
			out = append(out, p.prefix...)
		}
		out = append(out, c)
		p.mid = c != '\n'
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}

// vetProtocol reports whether args is one of the invocations of the
// go vet -vettool protocol: a version query (-V=full), a flag query
// (-flags), or a unit of analysis described by a .cfg file.
func vetProtocol(args []string) bool {
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			continue
		}
		switch strings.TrimLeft(a, "-") {
		case "V", "V=full", "flags", "flags=true":
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}

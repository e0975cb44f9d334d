package lint

import (
	"flag"
	"io"
	"os"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/closewait/closewait/passes"
)

// Main runs the linter on the command line args: under the go vet
// -vettool protocol, multichecker's driver, which parses them (as
// os.Args) itself; otherwise the standalone driver, which parses them
// once, with the flag set of newCheckFlagSet. It returns the
// exit status; under go vet it does not return.
func Main(args []string, stdout, stderr io.Writer) int {
	if vetProtocol(args) {
		// go vet runs the tool as "closewait -V=full", "closewait -flags"
		// and "closewait [flags] x.cfg": multichecker implements exactly
		// that protocol (through unitchecker).
		os.Args = append(os.Args[:1:1], args...)
		briefFlagErrors()
		multichecker.Main(passes.All()...)
		panic("unreachable")
	}
	return runCheck(args, stdout, stderr)
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

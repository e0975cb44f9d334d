package lint

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"
)

const usageHead = `closewait finds socket leaks in Go code: connections (net.Conn and the
concrete conn types), listeners (net.Listener) and HTTP response bodies
(http.Response.Body) that some path through a function leaves open.

A connection whose peer has hung up (sent FIN) but that the program never
closes stays in the TCP state CLOSE_WAIT until the process exits: the
typical cause is a read loop that returns on io.EOF without Close.
closewait reports the call that opened such a resource.

The other half of the state diagram is TIME_WAIT, on the side that closes
first: a client that opens and closes a connection per request (an
http.Transport per call, keep-alives off, response bodies closed unread, a
dial per message) keeps one socket and one ephemeral port per request for
60 s. The connreuse pass reports that code, and defer Close in loops;
'closewait sockets -state time-wait' shows the TIME_WAIT sockets by remote
endpoint, with the ports they hold.

Usage:
  closewait [flags] packages...     analyze packages, e.g. ./...
  go vet -vettool=$(command -v closewait) [flags] packages...
  closewait help [pass]             this text, or the documentation of a pass
  closewait sockets [flags]         inspect live sockets: list CLOSE_WAIT and other
                                    TCP sockets with their owning processes
                                    (see 'closewait sockets -help')
  closewait exporter [flags]        serve those sockets as Prometheus metrics on
                                    :9815/metrics, scanned at scrape time
                                    (see 'closewait exporter -help')
  closewait trace -pid P [flags]    the lines that opened a Go process's sockets
                                    in CLOSE_WAIT, with eBPF (see 'closewait trace -help')
  closewait precommit [flags] files...
                                    analyze ./... of the module of each .go file
                                    (nearest go.mod above it), once per module:
                                    what the pre-commit hooks run

Examples:
  closewait ./...                            report leaks in the current module
  closewait -format=sarif ./... >cw.sarif    SARIF 2.1.0 for code scanning
  closewait -json ./...                      JSON, as go vet -json prints it
  closewait -connleak ./server/...           run only the connleak pass
  closewait -connreuse ./...                 only the TIME_WAIT causes: connections not reused
  closewait -bodyleak=false ./...            run every pass but bodyleak
  closewait -fix ./...                       apply the suggested fixes, list what remains
  closewait -diff ./...                      show the suggested fixes as a unified diff
  closewait -write-baseline=cw.json ./...    record today's findings in a baseline
  closewait -baseline=cw.json ./...          report only findings not in the baseline
  closewait -new-from-rev=origin/main ./...  report only findings on lines changed since
  go run ./cmd/closewait ./testdata/example  the bundled leaky example

Flags must come before the packages. Packages under testdata are not
matched by ./... but can be named explicitly.
`

const usageTail = `
Exit status:
  0  no leaks found
  1  error: a pattern that matches nothing, a package that is not analyzed
     (it or a dependency fails to load or type-check, or, named without a
     wildcard, it has only _test.go files under -test=false: the message
     names it; a wildcard's test-only directories are named in a
     warning, as go build ./... skips them), a failed
     analysis, a fix that -fix could not apply, or a bad -baseline file or
     -new-from-rev revision
  2  bad command line
  3  leaks found (in any output format); with -fix, leaks that remain after
     the fixes; with -diff, which changes no file, any leak; with -baseline
     or -new-from-rev, leaks those leave to report
Under go vet, vet itself exits 1 when closewait reports.
`

// printCheckUsage writes the full help: what closewait finds, usage, examples,
// the passes, the flags and the exit status.
func printCheckUsage(w io.Writer, fs *flag.FlagSet, all []*analysis.Analyzer) {
	fmt.Fprint(w, usageHead)
	fmt.Fprint(w, "\nPasses (all run unless some are selected with -NAME or -NAME=false):\n")
	for _, a := range all {
		fmt.Fprintf(w, "  %-13s %s\n", a.Name, docTitle(a.Doc))
	}
	fmt.Fprint(w, "\nFlags:\n")
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	fmt.Fprint(w, usageTail)
}

// help implements "closewait help [pass...]".
func runHelp(stdout, stderr io.Writer, fs *flag.FlagSet, all []*analysis.Analyzer, names []string) int {
	if len(names) == 0 {
		printCheckUsage(stdout, fs, all)
		return exitNoLeaks
	}
	for _, name := range names {
		a := findAnalyzer(all, name)
		if a == nil {
			var known []string
			for _, a := range all {
				known = append(known, a.Name)
			}
			return checkUsageError(stderr, "no pass named %q (passes: %s)", name, strings.Join(known, ", "))
		}
		fmt.Fprintf(stdout, "%s: %s\n", a.Name, a.Doc)
		if a.URL != "" {
			fmt.Fprintf(stdout, "\nDocumentation: %s\n", a.URL)
		}
		first := true
		a.Flags.VisitAll(func(f *flag.Flag) {
			if first {
				fmt.Fprint(stdout, "\nFlags:\n")
				first = false
			}
			fmt.Fprintf(stdout, "  -%s.%s\n    \t%s\n", a.Name, f.Name, f.Usage)
		})
	}
	return exitNoLeaks
}

func findAnalyzer(all []*analysis.Analyzer, name string) *analysis.Analyzer {
	for _, a := range all {
		if a.Name == name {
			return a
		}
	}
	return nil
}

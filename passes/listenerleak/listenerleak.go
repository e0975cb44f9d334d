package listenerleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer reports each listener that some path leaves open.
var Analyzer = &analysis.Analyzer{
	Name:     "listenerleak",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#listenerleak",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			if l.Kind == analyzer.Listener {
				analyzer.Report(pass, l)
			}
		}
		return nil, nil
	},
}

const doc = `report listeners that some path leaves open

listenerleak follows every listener (net.Listener, *net.TCPListener,
*net.UnixListener) from the call that opens it (net.Listen, net.ListenTCP,
net.ListenUnix, tls.Listen, (*net.ListenConfig).Listen, net.FileListener,
or a function that returns a fresh listener) and reports it when a path
leaves the function with it still open: its port stays bound ("address
already in use") and its file descriptor leaks.

	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return 0, err
	}
	return ln.Addr().(*net.TCPAddr).Port, nil // reported: ln is never closed

http.Serve, (*http.Server).Serve and ServeTLS take ownership of the
listener; tls.NewListener wraps it (closing the wrapper closes it). Silence
a finding with a reason:

	ln, err := net.Listen("tcp", addr) //closewait:ignore lives as long as the process

Extra acquiring functions and exemptions: -closewait.acquire, -closewait.exempt.`

package connleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer reports each conn that some path leaves open.
var Analyzer = &analysis.Analyzer{
	Name:     "connleak",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#connleak",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			if l.Kind == analyzer.Conn {
				analyzer.Report(pass, l)
			}
		}
		return nil, nil
	},
}

const doc = `report connections that some path leaves open

connleak follows every connection (net.Conn, *net.TCPConn, *tls.Conn, a
net.PacketConn, …) from the call that opens it (net.Dial and friends,
(*net.Dialer).DialContext, tls.Dial, Accept on any listener, net.FileConn,
net.ListenPacket, Hijack, or a function that returns a fresh conn) and
reports it when a path leaves the function with it still open. A read
error path is named as the io.EOF return: the peer has closed, and until
the program calls Close the socket sits in CLOSE_WAIT and its file
descriptor leaks.

	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	buf := make([]byte, 512)
	if _, err := c.Read(buf); err != nil {
		return err // reported: c is not closed on the io.EOF return
	}
	return c.Close()

A conn that is returned, stored, sent, or handed to code that keeps it is
not reported; one handed to a goroutine that never closes it is, at the
goroutine's leaking exit (once: in the goroutine's function when that
function closes it on another error path, where the fix goes). A conn
closed on some paths gets a fix that closes it before each leaking
return, where that is safe. Silence a finding with a reason:

	c, err := net.Dial("tcp", addr) //closewait:ignore closed by the pool

Extra acquiring functions and exemptions: -closewait.acquire, -closewait.exempt.`

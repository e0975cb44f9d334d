package bodyleak

import (
	"golang.org/x/tools/go/analysis"

	"github.com/closewait/closewait/analyzer"
)

// Analyzer reports each body that some path leaves open.
var Analyzer = &analysis.Analyzer{
	Name:     "bodyleak",
	Doc:      doc,
	URL:      "https://github.com/closewait/closewait#bodyleak",
	Requires: []*analysis.Analyzer{analyzer.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		for _, l := range analyzer.Leaks(pass) {
			if l.Kind == analyzer.Body {
				analyzer.Report(pass, l)
			}
		}
		return nil, nil
	},
}

const doc = `report HTTP response bodies that some path leaves open

bodyleak follows the *http.Response of http.Get, Head, Post, PostForm,
(*http.Client).Do/Get/Head/Post/PostForm and RoundTrip (or of a function
that returns a fresh response or body) and reports it when a path leaves
the function with its Body still open: the transport can neither reuse nor
close the connection, which sits in CLOSE_WAIT once the server closes it.
Unlike a check for "a Close somewhere", it is path-sensitive: a return
placed before the Close is reported.

	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %s", resp.Status) // reported: the body is not closed here
	}
	defer resp.Body.Close()

A body that is returned or handed to a helper that closes it is not
reported; httptest.ResponseRecorder.Result needs no Close. Silence a
finding with a reason:

	resp, err := client.Do(req) //closewait:ignore the caller drains and closes it

Extra acquiring functions and exemptions: -closewait.acquire, -closewait.exempt.`

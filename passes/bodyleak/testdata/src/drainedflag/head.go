package drainedflag

import "net/http"

// A HEAD response has no body: net/http reused its connection once the
// headers were read, so leaving it unclosed holds no socket; under
// -closewait.drained the finding says so.

func headStatus(u string) int {
	res, err := http.Head(u) // want `response body res\.Body from http\.Head is not closed on the return at line \d+ \(it answers a HEAD request, which has no body: net/http reused its connection once the headers were read; close it anyway, as net/http's contract asks\)`
	if err != nil {
		return 0
	}
	return res.StatusCode
}

func headLength(c *http.Client, u string) (int64, error) {
	req, err := http.NewRequest(http.MethodHead, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed on the return at line \d+ \(it answers a HEAD request`
	if err != nil {
		return 0, err
	}
	return resp.ContentLength, nil
}

// A GET has a body: the leak holds the connection.
func getLength(c *http.Client, u string) (int64, error) {
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed on the return at line \d+ \(the connection can be neither reused nor closed, and sits in CLOSE_WAIT once the server closes\)`
	if err != nil {
		return 0, err
	}
	return resp.ContentLength, nil
}

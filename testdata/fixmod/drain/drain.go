// Package drain closes response bodies unread in a loop (issue 27):
// connreuse's fix drains each first, bounded, so that a server that
// streams without end cannot make the loop hang.
package drain

import (
	"io"
	"net/http"
)

// Poll gets u n times and returns how many answered 200, closing each
// body without reading it.
func Poll(c *http.Client, u string, n int) int {
	ok := 0
	for i := 0; i < n; i++ {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusOK {
			ok++
		}
		resp.Body.Close()
	}
	return ok
}

var _ = io.EOF

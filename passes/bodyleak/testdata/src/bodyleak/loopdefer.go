package bodyleak

import (
	"net/http"
)

// firstOKShared defers a closure that reads resp at the return, but resp
// is declared once, before the loop: each iteration overwrites the body
// the previous one deferred, and only the last is closed.
func firstOKShared(c *http.Client, urls []string) error {
	var resp *http.Response
	var err error
	for _, u := range urls {
		resp, err = c.Get(u) // want `response body resp\.Body from c\.Get is not closed when resp is overwritten at line \d+`
		if err != nil {
			return err
		}
		defer func() { resp.Body.Close() }()
		if resp.StatusCode == http.StatusOK {
			return nil
		}
	}
	return nil
}

// firstOKPerIteration declares resp in the loop body: each iteration has
// its own variable, captured by its own deferred closure, and every body
// is closed when the function returns (dendrite's appservice queries):
// clean for bodyleak.
func firstOKPerIteration(c *http.Client, urls []string) error {
	for _, u := range urls {
		resp, err := c.Get(u)
		if resp != nil {
			defer func() { resp.Body.Close() }()
		}
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusOK {
			return nil
		}
	}
	return nil
}

package bodyfixes

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// fetchJSON returns on a bad status before its deferred Close: the fix
// closes the body before that return.
func fetchJSON(c *http.Client, u string, v any) error {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the error return`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// fetchHeader returns a header of the response on a redirect, which is
// not built on the body: the fix closes the body before that return.
func fetchHeader(c *http.Client, u string) (http.Header, error) {
	resp, err := c.Get(u) // want `response body resp\.Body from c\.Get is not closed on the return`
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 3 {
		return resp.Header, nil
	}
	resp.Body.Close()
	return nil, nil
}

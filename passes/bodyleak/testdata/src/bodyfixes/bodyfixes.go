package bodyfixes

import (
	"encoding/json"
	"net/http"
)

// decode never closes the body: the fix defers resp.Body.Close().
func decode(u string, v any) error {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return`
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// returned hands the response to the caller: no report, no fix.
func returned(u string) (*http.Response, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

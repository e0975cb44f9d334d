package bodyleak

import (
	"fmt"
	"io"
	"log"
	"net/http"
)

// findMetrics returns on a bad status with the response printed in the
// error, before its deferred Close (VictoriaMetrics' vmctl OpenTSDB
// client): formatting it keeps nothing, the body is left open.
func findMetrics(c *http.Client, q string) ([]byte, error) {
	resp, err := c.Get(q) // want `response body resp\.Body from c\.Get is not closed on the error return at line 19`
	if err != nil {
		return nil, fmt.Errorf("failed to send GET request to %q: %s", q, err)
	}
	if resp.StatusCode != 200 {
		return nil, fmt.Errorf("bad return: %d: %v", resp.StatusCode, resp)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

// findMetricsClean defers the Close first: clean.
func findMetricsClean(c *http.Client, q string) ([]byte, error) {
	resp, err := c.Get(q)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		log.Printf("bad return: %v", resp)
		return nil, fmt.Errorf("bad return: %d: %v", resp.StatusCode, resp)
	}
	return io.ReadAll(resp.Body)
}

// keepForLater puts the response in a slice it hands to a function that
// keeps it: an escape, not a print (silent).
func keepForLater(c *http.Client, q string, keep func(...any)) error {
	resp, err := c.Get(q)
	if err != nil {
		return err
	}
	keep(resp)
	return nil
}

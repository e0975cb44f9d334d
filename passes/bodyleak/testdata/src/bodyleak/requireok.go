package bodyleak

import (
	"encoding/json"
	"errors"
	"net/http"
)

// requireOK closes the body of a bad status and returns an error: it
// closes the body exactly when it fails (consul's requireOK, as a helper
// of its own).
func requireOK(resp *http.Response) error {
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	return nil
}

// getStatus leaves the body of a good status open after decoding it.
func getStatus(c *http.Client, url string, v any) error {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the return at line 29`
	if err != nil {
		return err
	}
	if err := requireOK(resp); err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// getStatusClean closes it after the check: clean.
func getStatusClean(c *http.Client, url string, v any) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	if err := requireOK(resp); err != nil {
		return err
	}
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}

// checkMaybe closes the body on a bad status, and also on some good
// ones: it closes where it fails and elsewhere too, so after it the body
// may be closed: silent.
func checkMaybe(resp *http.Response) error {
	if resp.StatusCode == http.StatusNoContent {
		resp.Body.Close()
		return nil
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return errors.New(resp.Status)
	}
	return nil
}

func getMaybe(c *http.Client, url string, v any) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	if err := checkMaybe(resp); err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

// consul's chain: requireOK returns the error of requireCodes, which
// closes the body of an unexpected status through a helper.
func requireOKChain(resp *http.Response) error {
	return requireCodes(resp, http.StatusOK)
}

func requireCodes(resp *http.Response, codes ...int) error {
	for _, c := range codes {
		if resp.StatusCode == c {
			return nil
		}
	}
	return statusError(resp)
}

func statusError(resp *http.Response) error {
	resp.Body.Close()
	return errors.New(resp.Status)
}

// deleteChain closes the body on success: clean.
func deleteChain(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil {
		return err
	}
	if err := requireOKChain(resp); err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

// readChain leaves it open after decoding.
func readChain(c *http.Client, url string, v any) error {
	resp, err := c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the return at line 113`
	if err != nil {
		return err
	}
	if err := requireOKChain(resp); err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

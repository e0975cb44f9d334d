package sources

import (
	"errors"
	"net/http"
	"time"
)

// retryN runs f until it succeeds, n times at most, and returns its last
// error.
func retryN(n int, f func() error) error {
	var err error
	for i := 0; i < n; i++ {
		if err = f(); err == nil {
			return nil
		}
		time.Sleep(time.Second)
	}
	return err
}

// fetchRetried gets the response from a retry closure that assigns its
// variable: where retryN returns nil the closure succeeded, and the bad
// status return leaves the body open.
func fetchRetried(c *http.Client, url string) error {
	var resp *http.Response
	err := retryN(3, func() error {
		var err error
		resp, err = c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the error return at line \d+`
		return err
	})
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New("bad status")
	}
	return resp.Body.Close()
}

// fetchRetriedClean closes it on every path: clean.
func fetchRetriedClean(c *http.Client, url string) error {
	var resp *http.Response
	err := retryN(3, func() error {
		var err error
		resp, err = c.Get(url)
		return err
	})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("bad status")
	}
	return nil
}

// fetchCalled calls the closure itself, which assigns both of the
// function's variables.
func fetchCalled(c *http.Client, url string) (int, error) {
	var resp *http.Response
	var err error
	get := func() error {
		resp, err = c.Get(url) // want `response body resp\.Body from c\.Get is not closed on the return at line \d+`
		return err
	}
	if err := get(); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// fetchChecked checks the status inside the closure and retries on it,
// returning an error with the body open: what the caller holds then
// depends on the closure's own paths (silent here).
func fetchChecked(c *http.Client, url string) error {
	var resp *http.Response
	err := retryN(3, func() error {
		var err error
		resp, err = c.Get(url)
		if err != nil {
			return err
		}
		if resp.StatusCode >= 500 {
			return errors.New("retry")
		}
		return nil
	})
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// fetchAsync hands the closure to a function that does not say whether
// it ran it (no error result): silent.
func fetchAsync(c *http.Client, url string, run func(func() error)) {
	var resp *http.Response
	run(func() error {
		var err error
		resp, err = c.Get(url)
		return err
	})
	_ = resp
}

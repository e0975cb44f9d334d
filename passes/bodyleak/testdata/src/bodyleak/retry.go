package bodyleak

import (
	"errors"
	"net/http"
	"time"
)

// retryGiveUp retries on a server error without closing the response it
// drops: the headline names the overwrite, where each attempt loses one,
// not the give-up return that comes first in the file (issue 23).
func retryGiveUp(c *http.Client, url string) (*http.Response, error) {
	var resp *http.Response
	var err error
	for attempt := 0; ; attempt++ {
		if attempt == 3 {
			return nil, errors.New("gave up")
		}
		resp, err = c.Get(url) // want `response body resp\.Body from c\.Get is not closed when resp is overwritten at line \d+ and on 1 other path \(`
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		if resp.StatusCode < 500 {
			return resp, nil
		}
		time.Sleep(time.Second)
	}
}

// retryGiveUpClosed closes the response of a failed attempt: clean.
func retryGiveUpClosed(c *http.Client, url string) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		if attempt == 3 {
			return nil, errors.New("gave up")
		}
		resp, err := c.Get(url)
		if err != nil {
			time.Sleep(time.Second)
			continue
		}
		if resp.StatusCode < 500 {
			return resp, nil
		}
		resp.Body.Close()
		time.Sleep(time.Second)
	}
}

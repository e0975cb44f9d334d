package bodyleak

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

// reportCancelled discards the response, but its request carries a
// context the function cancels by a deferred call: when it returns,
// net/http closes the connection (dendrite's phone-home stats): no
// socket is held, so it is withheld (see drainedflag/cancelled.go).
func reportCancelled(c *http.Client, url string, payload []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		return
	}
	if _, err := c.Do(req); err != nil {
		return
	}
}

// reportCancelledInClosure cancels a context derived from the one the
// function cancels, in a deferred closure: clean.
func reportCancelledInClosure(c *http.Client, url string) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer func() { cancel() }()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	_, err = c.Do(req.WithContext(context.WithValue(ctx, ctxKey{}, "x")))
	return err
}

type ctxKey struct{}

// reportNotCancelled cancels its context only when building the request
// fails: the response's connection stays open.
func reportNotCancelled(c *http.Client, url string, payload []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(payload))
	if err != nil {
		cancel()
		return
	}
	if _, err := c.Do(req); err != nil { // want `response body from c\.Do is not closed`
		return
	}
}

// reportParentContext builds the request with the caller's context, which
// the function does not cancel: the response's connection stays open.
func reportParentContext(ctx context.Context, c *http.Client, url string) {
	_, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return
	}
	c.Do(req) // want `response body from c\.Do is not closed`
}

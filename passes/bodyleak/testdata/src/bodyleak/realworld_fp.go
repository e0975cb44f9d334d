package bodyleak

// False-positive shapes seen on real code, reduced: retry loops that
// close the response under the same condition that decides to retry.
// Each negative function must stay silent; the positive twins leak.

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// shouldRetry decides from the response and the error whether to retry.
func shouldRetry(resp *http.Response, err error) bool {
	return err != nil || resp.StatusCode >= 500
}

// retryClosesUnderFlag closes the response it retries, when there is one.
// (Shape: if shouldRetry(resp, err) { if resp != nil { close }; continue }.)
func retryClosesUnderFlag(c *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := c.Do(req)
		if shouldRetry(resp, err) {
			if resp != nil {
				resp.Body.Close()
			}
			time.Sleep(time.Second)
			continue
		}
		return resp, err
	}
}

// retryClosesOnNilErr closes under err == nil in the retry branch.
func retryClosesOnNilErr(c *http.Client, req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := c.Do(req)
		if attempt < 3 && shouldRetry(resp, err) {
			if err == nil {
				resp.Body.Close()
			}
			continue
		}
		return resp, err
	}
}

// retryFlagVariable keeps the decision in a variable tested twice:
// closed when retry && resp != nil, dropped by the continue when retry.
//
// Known limitation (README): the walk does not remember that retry was
// false on the path that skipped the Close, so it follows that path into
// the continue. The want records that; it should go when the engine
// correlates two tests of the same boolean.
func retryFlagVariable(c *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed on the continue`
		retry := shouldRetry(resp, err)
		if retry && resp != nil {
			resp.Body.Close()
		}
		if retry {
			continue
		}
		return resp, err
	}
}

// retryWithoutClose retries without closing the response it drops.
func retryWithoutClose(c *http.Client, req *http.Request) (*http.Response, error) {
	for {
		resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed on the continue`
		if shouldRetry(resp, err) {
			time.Sleep(time.Second)
			continue
		}
		return resp, err
	}
}

// upgradeStatus returns the hijacked conn on a 101 Switching Protocols
// answer, whose body is that same connection (moby's hijack).
func upgradeStatus(conn net.Conn, rt http.RoundTripper, req *http.Request) (net.Conn, error) {
	resp, err := rt.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		resp.Body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return conn, nil
}

// detachBody takes the body out of the response before replacing the
// field, and closes it later (coder/websocket's dial): silent.
func detachBody(c *http.Client, req *http.Request) (io.ReadCloser, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	body := resp.Body
	resp.Body = nil
	if resp.StatusCode != http.StatusOK {
		body.Close()
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return body, nil
}

// detachBodyCaptured is detachBody with the response and the saved body
// captured by a deferred closure (coder/websocket's dial): silent.
func detachBodyCaptured(c *http.Client, req *http.Request) (rc io.ReadCloser, err error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	body := resp.Body
	resp.Body = nil
	defer func() {
		if err != nil {
			body.Close()
			resp.Body = http.NoBody
		}
	}()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("status %d", resp.StatusCode)
	}
	return body, nil
}

// retryNamed retries on a transport error held in a named result, tested
// a block after the call, in a function with a defer (ocm-sdk-go's retry
// transport): on that edge the response is nil, so the continue drops
// nothing (silent).
func retryNamed(rt http.RoundTripper, req *http.Request, limit int) (resp *http.Response, err error) {
	orig := req.Body
	defer func() { req.Body = orig }()
	attempt := 0
	for {
		resp, err = rt.RoundTrip(req)
		attempt++
		if attempt > limit {
			return
		}
		if err != nil {
			if attempt < 2 {
				continue
			}
			err = fmt.Errorf("can't send request: %w", err)
			return
		}
		if resp.StatusCode == http.StatusServiceUnavailable {
			err = resp.Body.Close()
			continue
		}
		return
	}
}

// requireStatus checks a response handed in with the error of the call
// that produced it (a wrapper of http.Client.Do's results): where that
// error is non-nil there is, by Do's contract, no body to close, so the
// first return leaks nothing although the function closes resp's body on
// its other error return.
func requireStatus(resp *http.Response, e error, want int) (*http.Response, error) {
	if e != nil {
		return nil, e
	}
	if resp.StatusCode == want {
		return resp, nil
	}
	defer func() {
		_ = resp.Body.Close()
	}()
	return nil, fmt.Errorf("unexpected status %d", resp.StatusCode)
}

// requireStatusLeaky closes the body it rejects on one error return (in
// a deferred call) and forgets it on the other: it owns resp on its
// failures.
func requireStatusLeaky(resp *http.Response, want int) (*http.Response, error) { // want `response body parameter resp is not closed on the error return`
	if resp.StatusCode == http.StatusInternalServerError {
		return nil, fmt.Errorf("server error")
	}
	if resp.StatusCode == want {
		return resp, nil
	}
	defer func() {
		_ = resp.Body.Close()
	}()
	return nil, fmt.Errorf("unexpected status %d", resp.StatusCode)
}

// errUnauthorizedFP is the sentinel of isUnauthorizedFP.
var errUnauthorizedFP = fmt.Errorf("unauthorized")

// isUnauthorizedFP is true only for a non-nil error, though it says so
// only through what it does with a nil one (errors.Is is false, and every
// case of the type switch fails), as containerd's errdefs.IsUnauthorized.
func isUnauthorizedFP(err error) bool {
	return errors.Is(err, errUnauthorizedFP) || isInterfaceFP[interface{ Unauthorized() }](err)
}

func isInterfaceFP[T any](err error) bool {
	for {
		switch x := err.(type) {
		case T:
			return true
		case interface{ Unwrap() error }:
			err = x.Unwrap()
			if err == nil {
				return false
			}
		default:
			return false
		}
	}
}

// pullWithAuth retries with credentials when the first request failed as
// unauthorized: a failed Do returns no response to close, so the first
// resp is not overwritten while open (moby's ImagePull).
func pullWithAuth(c *http.Client, req, authed *http.Request) (*http.Response, error) {
	resp, err := c.Do(req)
	if isUnauthorizedFP(err) && authed != nil {
		resp, err = c.Do(authed)
	}
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// unsureFP can be true for a nil error: it is no error test.
func unsureFP(err error) bool {
	return errors.Is(err, errUnauthorizedFP) || err == nil
}

// pullUnsure overwrites the response when unsureFP is true, which a
// successful Do makes it.
func pullUnsure(c *http.Client, req, again *http.Request) (*http.Response, error) {
	resp, err := c.Do(req) // want `response body resp\.Body from c\.Do is not closed when resp is overwritten`
	if unsureFP(err) {
		resp, err = c.Do(again)
	}
	if err != nil {
		return nil, err
	}
	return resp, nil
}

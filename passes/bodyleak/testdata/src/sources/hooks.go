package sources

import (
	"context"
	"errors"
	"net/http"
)

// Hooks that vet a response and give it back, as generated SDKs
// (Speakeasy's) run them: what they return is the response they were
// given, or one in its place, or nil; when one fails it may have closed
// it.
type (
	afterErrorHook interface {
		AfterError(ctx context.Context, res *http.Response, err error) (*http.Response, error)
	}
	afterSuccessHook interface {
		AfterSuccess(ctx context.Context, res *http.Response) (*http.Response, error)
	}
	hooks struct {
		afterError   []afterErrorHook
		afterSuccess []afterSuccessHook
	}
)

func (h *hooks) AfterError(ctx context.Context, res *http.Response, err error) (*http.Response, error) {
	for _, hook := range h.afterError {
		res, err = hook.AfterError(ctx, res, err)
		if errors.Is(err, context.Canceled) {
			return nil, err
		}
	}
	return res, err
}

func (h *hooks) AfterSuccess(ctx context.Context, res *http.Response) (*http.Response, error) {
	for _, hook := range h.afterSuccess {
		var err error
		res, err = hook.AfterSuccess(ctx, res)
		if err != nil {
			return res, err
		}
	}
	return res, nil
}

// An sdk sends its requests and runs its hooks on the responses.
type sdk struct {
	hc    *http.Client
	hooks *hooks
}

// call is the generated shape: the hook given nil returns nothing to
// close, and a failed hook may have closed the response: silent.
func (s *sdk) call(ctx context.Context, req *http.Request) (int, error) {
	res, err := s.hc.Do(req)
	if err != nil || res == nil {
		_, err = s.hooks.AfterError(ctx, nil, err)
		return 0, err
	}
	if res.StatusCode >= 400 {
		_res, err := s.hooks.AfterError(ctx, res, nil)
		if err != nil {
			return 0, err
		}
		if _res != nil {
			res = _res
		}
	} else {
		res, err = s.hooks.AfterSuccess(ctx, res)
		if err != nil {
			return 0, err
		}
	}
	defer res.Body.Close()
	return res.StatusCode, nil
}

// callUnclosed forgets the Close after the hooks: the response they give
// back is still the caller's.
func (s *sdk) callUnclosed(ctx context.Context, req *http.Request) (int, error) {
	res, err := s.hc.Do(req) // want `response body res\.Body from s\.hc\.Do is not closed on the return at line 90`
	if err != nil {
		return 0, err
	}
	res, err = s.hooks.AfterSuccess(ctx, res)
	if err != nil {
		return 0, err
	}
	return res.StatusCode, nil
}

// An errorHandler gets the last response when retries run out
// (go-retryablehttp's ErrorHandler); what it returns is the caller's. A
// retryCheck looks at a response to decide on a retry (its CheckRetry).
type (
	errorHandler func(resp *http.Response, err error, tries int) (*http.Response, error)
	retryCheck   func(ctx context.Context, resp *http.Response, err error) (bool, error)
)

type retrier struct {
	hc      *http.Client
	check   retryCheck
	onError errorHandler
}

// do returns the response itself or what the handler makes of it: the
// caller owns either.
func (r *retrier) do(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		resp, err = r.hc.Do(req)
		retry, checkErr := r.check(req.Context(), resp, err)
		if !retry || checkErr != nil {
			break
		}
		if err == nil {
			resp.Body.Close()
		}
	}
	if err == nil && resp.StatusCode < 500 {
		return resp, nil
	}
	if r.onError != nil {
		return r.onError(resp, err, 3)
	}
	if resp != nil {
		resp.Body.Close()
	}
	return nil, errors.New("giving up")
}

// retriedStatus drops the retrier's response.
func retriedStatus(r *retrier, req *http.Request) (int, error) {
	resp, err := r.do(req) // want `response body resp\.Body from r\.do is not closed on the return at line 140`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

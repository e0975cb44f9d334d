package sources

import (
	"errors"
	"net/http"
)

// A pipelineRequest is an SDK pipeline's own request type, and a step one
// stage of the pipeline (azcore's policy.Request and Policy): a stage may
// download the body and close it, so what the pipeline returns is not
// certainly an open body.
type (
	pipelineRequest struct {
		req   *http.Request
		steps []step
	}
	step interface {
		Do(req *pipelineRequest) (*http.Response, error)
	}
)

// next runs the request through the rest of the pipeline.
func (r *pipelineRequest) next() (*http.Response, error) {
	s := r.steps[0]
	nr := *r
	nr.steps = r.steps[1:]
	return s.Do(&nr)
}

// deleteRecord drops the pipeline's response: silent.
func deleteRecord(r *pipelineRequest) error {
	resp, err := r.next()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// A requestDoer is given the *http.Request it sends: what it returns is
// an open body.
type requestDoer interface {
	Do(req *http.Request) (*http.Response, error)
}

// deleteThrough drops a Doer's response.
func deleteThrough(d requestDoer, req *http.Request) error {
	resp, err := d.Do(req) // want `response body resp\.Body from d\.Do is not closed on the error return at line 55 and on 1 other path`
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

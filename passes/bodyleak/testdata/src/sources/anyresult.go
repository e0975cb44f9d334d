package sources

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// request returns the open body when asked to stream, and the decoded
// JSON otherwise (mistral-go's client): its result, of type any, is a
// body on some returns and a map on others, so a call of it is not
// certainly an acquisition, and a caller's failed type check of what it
// got is not a leak.
func request(hc *http.Client, req *http.Request, stream bool) (any, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if stream {
		return resp.Body, nil
	}
	defer resp.Body.Close()
	var result map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&result); err != nil {
		return nil, err
	}
	return result, nil
}

func chatCompletion(hc *http.Client, req *http.Request) (map[string]any, error) {
	response, err := request(hc, req, false)
	if err != nil {
		return nil, err
	}
	data, ok := response.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("invalid response type: %T", response)
	}
	return data, nil
}

// streamBody returns the body whatever it was asked: its result is the
// body on every return that has one, so a call acquires it.
func streamBody(hc *http.Client, req *http.Request) (any, error) {
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, errors.New(resp.Status)
	}
	return resp.Body, nil
}

func firstByte(hc *http.Client, req *http.Request) (byte, error) {
	body, err := streamBody(hc, req) // want `response body body from streamBody is not closed on the error return at line 65 and on 1 other path`
	if err != nil {
		return 0, err
	}
	r, ok := body.(io.Reader)
	if !ok {
		return 0, errors.New("not a reader")
	}
	var b [1]byte
	_, err = r.Read(b[:])
	return b[0], err
}

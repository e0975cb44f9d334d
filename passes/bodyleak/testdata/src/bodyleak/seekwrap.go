package bodyleak

import (
	"errors"
	"io"
	"net/http"

	"httpseek"
)

// fetchBlob returns the body, or a seeker that owns it, to its caller,
// and closes it on every error (oras's blob Fetch): silent.
func fetchBlob(client *http.Client, req *http.Request, size int64) (rc io.ReadCloser, err error) {
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			resp.Body.Close()
		}
	}()
	switch resp.StatusCode {
	case http.StatusOK:
		if resp.ContentLength != size {
			return nil, errors.New("mismatch Content-Length")
		}
		if resp.Header.Get("Accept-Ranges") == "bytes" {
			return httpseek.NewReadSeekCloser(client, req, resp.Body, size), nil
		}
		return resp.Body, nil
	case http.StatusNotFound:
		return nil, errors.New("not found")
	default:
		return nil, errors.New(resp.Status)
	}
}

// fetchBlobDropped makes the seeker and drops it on a size check that
// comes after: the body is left open.
func fetchBlobDropped(client *http.Client, req *http.Request, size int64) (io.ReadCloser, error) {
	resp, err := client.Do(req) // want `response body resp\.Body from client\.Do is not closed on the error return at line 48`
	if err != nil {
		return nil, err
	}
	rsc := httpseek.NewReadSeekCloser(client, req, resp.Body, size)
	if resp.ContentLength != size {
		return nil, errors.New("mismatch Content-Length")
	}
	return rsc, nil
}

package bodyleak

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"

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
	resp, err := client.Do(req) // want `response body resp\.Body from client\.Do is not closed on the error return at line 50`
	if err != nil {
		return nil, err
	}
	rsc := httpseek.NewReadSeekCloser(client, req, resp.Body, size)
	if resp.ContentLength != size {
		return nil, errors.New("mismatch Content-Length")
	}
	return rsc, nil
}

// digestOf reads the body to compute a digest and puts a copy of the
// bytes in its place, closing the original (oras's
// calculateDigestFromResponse).
func digestOf(resp *http.Response) (string, error) {
	defer resp.Body.Close()
	content, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	resp.Body = io.NopCloser(bytes.NewReader(content))
	return string(content[:1]), nil
}

// describe borrows resp: it validates headers and may digest the body,
// which closes the original. An ignored error (the reference's own
// digest) is no failure path, so the digest's Close is no evidence that
// describe owns resp (silent; its callers close it).
func describe(resp *http.Response, ref string, head bool) (string, error) {
	if resp.ContentLength == -1 {
		return "", errors.New("unknown Content-Length")
	}
	var refDigest string
	if d, err := strconv.Unquote(ref); err == nil {
		refDigest = d
	}
	digest := resp.Header.Get("Docker-Content-Digest")
	if digest == "" {
		if head {
			return "", errors.New("missing digest")
		}
		var err error
		if digest, err = digestOf(resp); err != nil {
			return "", err
		}
	}
	if refDigest != "" && refDigest != digest {
		return "", errors.New("digest mismatch")
	}
	return digest, nil
}

package connreuse

import (
	"encoding/json"
	"io"
	"net/http"
)

func pollAll(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		resp.Body.Close() // want `response body resp\.Body is closed in a loop without being read to EOF`
	}
}

func statusOnly(c *http.Client, urls []string) int {
	ok := 0
	for _, u := range urls {
		resp, err := c.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode != http.StatusOK {
			resp.Body.Close() // want `response body resp\.Body is closed in a loop without being read to EOF`
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close() // drained on this path
		ok++
	}
	return ok
}

func perIterationDefer(urls []string) {
	for _, u := range urls {
		func() {
			resp, err := http.Get(u)
			if err != nil {
				return
			}
			defer resp.Body.Close() // want `response body resp\.Body is closed in a loop without being read to EOF`
		}()
	}
}

// Correct twins.

func drained(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func drainedBounded(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		io.CopyN(io.Discard, resp.Body, 4096)
		resp.Body.Close()
	}
}

func readAll(urls []string) [][]byte {
	var out [][]byte
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, b)
	}
	return out
}

func deferredDrain(urls []string) {
	for _, u := range urls {
		func() {
			resp, err := http.Get(u)
			if err != nil {
				return
			}
			defer func() {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}()
		}()
	}
}

func heads(urls []string) {
	for _, u := range urls {
		resp, err := http.Head(u)
		if err != nil {
			continue
		}
		resp.Body.Close() // HEAD: no body
	}
}

func headRequests(c *http.Client, urls []string) {
	for _, u := range urls {
		req, err := http.NewRequest(http.MethodHead, u, nil)
		if err != nil {
			continue
		}
		resp, err := c.Do(req)
		if err != nil {
			continue
		}
		resp.Body.Close() // HEAD: no body
	}
}

func noContent(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		if resp.StatusCode == http.StatusNoContent {
			resp.Body.Close() // 204: no body
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

func decoded(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u)
		if err != nil {
			continue
		}
		var v any
		json.NewDecoder(resp.Body).Decode(&v) // read by a decoder: may well be at EOF
		resp.Body.Close()
	}
}

func onceGet(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	return resp.Body.Close() // not in a loop
}

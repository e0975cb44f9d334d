package fixes

import (
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

func deferred(urls []string) {
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

var _ = io.EOF

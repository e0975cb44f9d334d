package bodyleak

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
)

// getJSON is a generic fetcher that defers the Close: clean.
func getJSON[T any](client *http.Client, u string) (T, error) {
	var v T
	resp, err := client.Get(u)
	if err != nil {
		return v, err
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v, err
}

// getJSONLeak is a generic fetcher that returns on a bad status without closing.
func getJSONLeak[T any](client *http.Client, u string) (T, error) {
	var v T
	resp, err := client.Get(u) // want `response body resp\.Body from client\.Get is not closed on the error return`
	if err != nil {
		return v, err
	}
	if resp.StatusCode != http.StatusOK {
		return v, fmt.Errorf("status %d", resp.StatusCode)
	}
	defer resp.Body.Close()
	err = json.NewDecoder(resp.Body).Decode(&v)
	return v, err
}

// useGetJSON instantiates both fetchers; each leak is reported once, in the generic body.
func useGetJSON(client *http.Client) {
	getJSON[map[string]int](client, "http://example.com")
	getJSONLeak[[]string](client, "http://example.com")
}

// firstLine reads through a bufio.Reader (a borrow) and never closes the
// body: after one line, the rest is unread (where that read failed, the
// body is at io.EOF or broken, and holds no socket).
func firstLine(u string) (string, error) {
	resp, err := http.Get(u) // want `response body resp\.Body from http\.Get is not closed on the return at line \d+ \(the connection`
	if err != nil {
		return "", err
	}
	line, err := bufio.NewReader(resp.Body).ReadString('\n')
	if err != nil {
		return "", err
	}
	return line, nil
}

// firstLineClosed reads through a bufio.Reader and closes the body in a deferred closure: clean.
func firstLineClosed(u string) (string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return "", err
	}
	defer func() { resp.Body.Close() }()
	return bufio.NewReader(resp.Body).ReadString('\n')
}

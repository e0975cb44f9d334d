package drain

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestPollEndless polls a server that streams without end: Poll (before
// -fix, and after it with a bounded drain) returns; an unbounded drain
// would read forever.
func TestPollEndless(t *testing.T) {
	stop := make(chan struct{})
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 32<<10)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	defer s.Close()
	defer close(stop)
	done := make(chan int, 1)
	go func() { done <- Poll(s.Client(), s.URL, 3) }()
	select {
	case n := <-done:
		if n != 3 {
			t.Errorf("Poll: %d, want 3", n)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Poll did not return in 10 s: it drains an endless body")
	}
}

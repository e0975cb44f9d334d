package sockstate_test

import (
	"fmt"
	"runtime/debug"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/sockstate"
)

// TestVerifyNoneParallel runs VerifyNone in parallel tests whose windows
// with the garbage collector off overlap and end in any order: the
// collector must be on again, at its percentage, once they are all done.
func TestVerifyNoneParallel(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for round := range 3 {
		t.Run(fmt.Sprint(round), func(t *testing.T) {
			for i := range 10 {
				t.Run(fmt.Sprint(i), func(t *testing.T) {
					t.Parallel()
					// A socket in CLOSE_WAIT that the test closes a little
					// later keeps VerifyNone waiting, with the collector
					// off, while the others start and end.
					h, err := holder.Hold(holder.Config{Addr: "127.0.0.1", N: 1})
					if err != nil {
						t.Fatal(err)
					}
					defer h.Close()
					time.AfterFunc(time.Duration(10+7*i)*time.Millisecond, h.Close)
					sockstate.VerifyNone(t)
				})
			}
		})
		if got := debug.SetGCPercent(100); got != 100 {
			t.Fatalf("round %d: GOGC is %d after parallel VerifyNone calls, want 100 as before", round, got)
		}
	}
}

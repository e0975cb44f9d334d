package runner

import (
	"fmt"
	"io"
	"time"
)

// A progress writes "closewait: N/TOTAL packages" to a terminal, at most
// ten times a second, each line over the last, and erases it at the end.
type progress struct {
	w         io.Writer // nil: silent
	total     int
	done      int
	last      time.Time
	lastWidth int
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total}
}

// step counts one package done.
func (p *progress) step() {
	p.done++
	if p.w == nil || p.done < p.total && time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	s := fmt.Sprintf("closewait: %d/%d packages", p.done, p.total)
	fmt.Fprintf(p.w, "\r%s", s)
	p.lastWidth = len(s)
}

// end erases the progress line.
func (p *progress) end() {
	if p.w == nil || p.lastWidth == 0 {
		return
	}
	fmt.Fprintf(p.w, "\r%*s\r", p.lastWidth, "")
}

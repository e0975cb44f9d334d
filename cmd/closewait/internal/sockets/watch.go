package sockets

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// countSeries is one process's CLOSE_WAIT + orphaned count over the samples.
type countSeries struct {
	PID     int
	Command string
	times   []time.Time
	counts  []int
	// In the last sample: CLOSE_WAIT sockets and orphaned fds.
	lastCW, lastOrph int
}

// verdict names the trend of a series.
type verdict string

const (
	verdictGrowing  verdict = "growing"
	verdictStable   verdict = "stable"
	verdictDraining verdict = "draining"
)

// perMinute returns the least-squares slope of the series in sockets per
// minute, 0 with fewer than two samples.
func (s *countSeries) perMinute() float64 {
	n := float64(len(s.counts))
	if n < 2 {
		return 0
	}
	var sx, sy, sxx, sxy float64
	for i, c := range s.counts {
		x := s.times[i].Sub(s.times[0]).Minutes()
		y := float64(c)
		sx, sy, sxx, sxy = sx+x, sy+y, sxx+x*x, sxy+x*y
	}
	d := n*sxx - sx*sx
	if d == 0 {
		return 0
	}
	return (n*sxy - sx*sy) / d
}

// verdict is growing when the fitted change over the watch exceeds one
// socket and 5% of the mean count, draining for the same fall, else stable.
func (s *countSeries) verdict() verdict {
	if len(s.counts) < 2 {
		return verdictStable
	}
	span := s.times[len(s.times)-1].Sub(s.times[0]).Minutes()
	change := s.perMinute() * span
	mean := 0.0
	for _, c := range s.counts {
		mean += float64(c)
	}
	mean /= float64(len(s.counts))
	tol := max(1, 0.05*mean)
	switch {
	case change >= tol && s.counts[len(s.counts)-1] > s.counts[0]:
		return verdictGrowing
	case change <= -tol && s.counts[len(s.counts)-1] < s.counts[0]:
		return verdictDraining
	}
	return verdictStable
}

// sparkline draws counts as a terminal sparkline.
func sparkline(counts []int) string {
	const bars = "▁▂▃▄▅▆▇█"
	runes := []rune(bars)
	lo, hi := slices.Min(counts), slices.Max(counts)
	var b strings.Builder
	for _, c := range counts {
		i := 0
		if hi > lo {
			i = (c - lo) * (len(runes) - 1) / (hi - lo)
		}
		b.WriteRune(runes[i])
	}
	return b.String()
}

// watchLine is the -json output of one process in one sample.
type watchLine struct {
	PID       int     `json:"pid"`
	Command   string  `json:"command"`
	CloseWait int     `json:"close_wait"`
	Orphaned  int     `json:"orphaned"`
	PerMinute float64 `json:"per_minute"`
	Verdict   string  `json:"verdict,omitempty"`
}

// runWatch samples every cfg.watch until cfg.count samples were taken
// or the watch is interrupted, then prints the verdict per process and
// overall. The scanner re-reads known owners first and stops reading other
// processes once every socket has an owner.
func runWatch(cfg *config, sc *sockscan.Scanner, stdout, stderr io.Writer, stop <-chan struct{}) int {
	intr := make(chan os.Signal, 1)
	signal.Notify(intr, os.Interrupt)
	defer signal.Stop(intr)
	series := make(map[int]*countSeries)
	total := &countSeries{Command: "all"}
	enc := json.NewEncoder(stdout)
	var last *sockscan.Snapshot
	gone := make(map[int]bool) // -pid processes that exited
	for n := 0; cfg.count == 0 || n < cfg.count; n++ {
		if n > 0 {
			select {
			case <-time.After(cfg.watch):
			case <-intr:
				n = -1
			case <-stop:
				n = -1
			}
			if n < 0 {
				break
			}
		}
		snap, err := sc.Scan()
		if err != nil {
			fmt.Fprintf(stderr, "closewait sockets: %v\n", err)
			return 2
		}
		if last == nil {
			if err := checkSeen(cfg, snap); err != nil {
				fmt.Fprintf(stderr, "closewait sockets: %v\n", err)
				return 2
			}
			noteDenied(stderr, snap)
		}
		for _, pid := range snap.Missing {
			if !gone[pid] {
				gone[pid] = true
				fmt.Fprintf(stderr, "closewait sockets: process %d exited\n", pid)
			}
		}
		last = snap
		counts := countByProcess(snap)
		all := 0
		for pid, s := range series {
			if _, ok := counts[pid]; !ok && len(s.counts) > 0 {
				counts[pid] = processCount{} // went away: record the drain
			}
		}
		for pid, c := range counts {
			s := series[pid]
			if s == nil {
				s = &countSeries{PID: pid, Command: snapCommand(snap, pid)}
				series[pid] = s
			}
			s.times, s.counts = append(s.times, snap.Time), append(s.counts, c.total())
			s.lastCW, s.lastOrph = c.closeWait, len(c.orphanFDs)
			all += c.total()
		}
		total.times, total.counts = append(total.times, snap.Time), append(total.counts, all)
		lines := watchLines(series, counts)
		if cfg.json {
			enc.Encode(struct {
				Time      time.Time   `json:"time"`
				Total     int         `json:"close_wait_plus_orphaned"`
				Processes []watchLine `json:"processes"`
			}{snap.Time, all, lines})
			continue
		}
		fmt.Fprintf(stdout, "%s  CLOSE_WAIT+orphaned: %d  (%+.1f/min)\n", snap.Time.Format("15:04:05"), all, total.perMinute())
		for _, l := range lines {
			fmt.Fprintf(stdout, "  pid %-7d %-16s %6d  (%d CLOSE_WAIT, %d orphaned)  %+.1f/min  %s\n",
				l.PID, commandText(l.Command), l.CloseWait+l.Orphaned, l.CloseWait, l.Orphaned, l.PerMinute, sparkline(series[l.PID].counts))
		}
	}
	return watchSummary(cfg, series, total, last, stdout, stderr)
}

func snapCommand(snap *sockscan.Snapshot, pid int) string {
	if p := snap.Processes[pid]; p != nil {
		return p.Command
	}
	return ""
}

// watchLines lists the processes of one sample, largest counts first.
func watchLines(series map[int]*countSeries, counts map[int]processCount) []watchLine {
	lines := []watchLine{}
	for pid, c := range counts {
		s := series[pid]
		lines = append(lines, watchLine{PID: pid, Command: s.Command, CloseWait: c.closeWait, Orphaned: len(c.orphanFDs), PerMinute: s.perMinute()})
	}
	slices.SortFunc(lines, func(a, b watchLine) int {
		return cmp.Or(cmp.Compare(b.CloseWait+b.Orphaned, a.CloseWait+a.Orphaned), cmp.Compare(a.PID, b.PID))
	})
	return lines
}

// watchSummary prints the verdicts and returns the exit status.
func watchSummary(cfg *config, series map[int]*countSeries, total *countSeries, last *sockscan.Snapshot, stdout, stderr io.Writer) int {
	if last == nil {
		return 0
	}
	v := total.verdict()
	procs := make([]watchLine, 0, len(series))
	for _, s := range series {
		procs = append(procs, watchLine{PID: s.PID, Command: s.Command, CloseWait: s.lastCW, Orphaned: s.lastOrph,
			PerMinute: s.perMinute(), Verdict: string(s.verdict())})
	}
	slices.SortFunc(procs, func(a, b watchLine) int { return cmp.Compare(a.PID, b.PID) })
	if cfg.json {
		json.NewEncoder(stdout).Encode(struct {
			Samples   int         `json:"samples"`
			Verdict   string      `json:"verdict"`
			PerMinute float64     `json:"per_minute"`
			Processes []watchLine `json:"processes"`
		}{len(total.counts), string(v), total.perMinute(), procs})
	} else {
		fmt.Fprintf(stdout, "\nverdict after %d samples: %s (%+.1f CLOSE_WAIT+orphaned per minute)  %s\n",
			len(total.counts), v, total.perMinute(), sparkline(total.counts))
		for _, p := range procs {
			fmt.Fprintf(stdout, "  pid %-7d %-16s %s (%+.1f/min)\n", p.PID, commandText(p.Command), p.Verdict, p.PerMinute)
		}
	}
	if cfg.failOnGrowth && v == verdictGrowing {
		fmt.Fprintln(stderr, "closewait sockets: CLOSE_WAIT+orphaned count is growing (-fail-on-growth)")
		return 1
	}
	return thresholdStatus(cfg, last, stderr)
}

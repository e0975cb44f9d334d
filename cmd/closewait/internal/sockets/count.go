package sockets

import "github.com/closewait/closewait/internal/sockscan"

// A processCount is what the sockets command counts against one process:
// its CLOSE_WAIT sockets and its orphaned TCP descriptors.
type processCount struct {
	closeWait int
	orphanFDs []int // in the order of Snapshot.Orphaned
}

// total is the count that a watch follows: CLOSE_WAIT sockets plus
// orphaned descriptors.
func (c processCount) total() int { return c.closeWait + len(c.orphanFDs) }

// countByProcess counts the CLOSE_WAIT sockets and the orphaned TCP
// descriptors of each process of snap that has any (pid 0: the sockets
// whose owner is unknown or gone). The text, JSON and watch views all
// count with it.
func countByProcess(snap *sockscan.Snapshot) map[int]processCount {
	counts := make(map[int]processCount)
	for i := range snap.Sockets {
		if s := &snap.Sockets[i]; s.State == sockscan.CloseWait {
			c := counts[s.PID]
			c.closeWait++
			counts[s.PID] = c
		}
	}
	for _, o := range snap.Orphaned {
		c := counts[o.PID]
		c.orphanFDs = append(c.orphanFDs, o.FD)
		counts[o.PID] = c
	}
	return counts
}

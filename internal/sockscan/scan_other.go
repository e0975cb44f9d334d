//go:build !linux

package sockscan

import (
	"fmt"
	"runtime"
)

// A Scanner takes repeated snapshots with the same options.
// On this system every scan fails with an error wrapping ErrUnsupported.
type Scanner struct {
	Options   ScanOptions
	FullEvery int
}

// NewScanner returns a Scanner with the given options.
func NewScanner(opts ScanOptions) *Scanner { return &Scanner{Options: opts} }

// Scan takes one snapshot; on this system it fails with ErrUnsupported.
func Scan(opts ScanOptions) (*Snapshot, error) { return NewScanner(opts).Scan() }

// Scan takes one snapshot; on this system it fails with ErrUnsupported.
func (sc *Scanner) Scan() (*Snapshot, error) {
	return nil, fmt.Errorf("scan on %s: %w", runtime.GOOS, ErrUnsupported)
}

func AcceptedHere(fd int, ino uint64) bool { return false }

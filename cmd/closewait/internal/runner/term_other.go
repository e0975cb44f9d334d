//go:build !unix

package runner

import "os"

// IsTerminal reports whether f is a terminal: never, on this system.
func IsTerminal(f *os.File) bool { return false }

//go:build !unix

package runner

import "os"

// private reports true where files have no Unix owner and mode.
func private(os.FileInfo) bool { return true }

// ownerNote says nothing where files have no Unix owner.
func ownerNote(os.FileInfo) string { return "" }

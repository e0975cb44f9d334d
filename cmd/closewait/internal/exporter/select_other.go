//go:build !linux

package exporter

import (
	"fmt"
	"runtime"

	"github.com/closewait/closewait/internal/sockscan"
)

// netnsFileInode fails: network namespaces exist only on Linux.
func netnsFileInode(path string) (uint64, error) {
	return 0, fmt.Errorf("network namespaces are Linux only (this is %s): %w", runtime.GOOS, sockscan.ErrUnsupported)
}

// procNetNS fails: network namespaces exist only on Linux.
func procNetNS(pid int) (uint64, error) {
	return 0, fmt.Errorf("network namespaces are Linux only (this is %s): %w", runtime.GOOS, sockscan.ErrUnsupported)
}

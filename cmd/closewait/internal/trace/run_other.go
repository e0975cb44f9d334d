//go:build !linux

package trace

import (
	"context"
	"fmt"
	"io"
	"runtime"
)

func run(context.Context, *config, io.Writer) (*report, error) {
	return nil, fmt.Errorf("trace uses eBPF uprobes: Linux only, not %s", runtime.GOOS)
}

//go:build !linux

package exporter

import (
	"context"
	"io"

	"github.com/closewait/closewait/internal/sockscan"
)

// A tracer would attach eBPF uprobes: Linux only.
type tracer struct{}

func startTracer(context.Context, *config, io.Writer) *tracer { return &tracer{} }

func (t *tracer) attribute(*sockscan.Snapshot) *siteView { return newSiteView(false) }

func (t *tracer) close() {}

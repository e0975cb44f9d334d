// Command cwprofile runs closewait's passes (the engine of this work tree,
// through the replace directive in go.mod) with the standalone driver of
// x/tools' multichecker, whose -cpuprofile, -memprofile and -trace flags
// profile a run:
//
//	go run ./cmd/cwprofile -test=false -cpuprofile=cpu.out -memprofile=mem.out std
//	go tool pprof -top cpu.out
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/closewait/closewait/passes"
)

func main() { multichecker.Main(passes.All()...) }

// Command closewait finds socket leaks: connections, listeners and HTTP
// response bodies that some path leaves open, the code-level cause of TCP
// sockets stuck in CLOSE_WAIT. It runs standalone on package patterns, as
// go vet -vettool, and, with the sockets subcommand, inspects live sockets.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/closewait/closewait/passes"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "sockets" {
		os.Exit(runSockets(os.Args[2:]))
	}
	multichecker.Main(passes.All()...)
}

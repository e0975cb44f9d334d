package main

import (
	"fmt"
	"os"
)

// runSockets runs the sockets subcommand. Placeholder until the runtime lands.
func runSockets(args []string) int {
	fmt.Fprintln(os.Stderr, "closewait sockets: not built yet")
	return 2
}

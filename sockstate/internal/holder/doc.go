// Package holder creates TCP sockets stuck in CLOSE_WAIT on loopback, for
// the tests and the benchmark of sockstate: it accepts connections, lets
// the peer close them and never closes its own side.
//
// Imports: the standard library only, as sockstate: never the analyzers or
// golang.org/x/tools.
package holder

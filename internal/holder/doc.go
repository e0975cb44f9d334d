// Package holder creates TCP sockets stuck in CLOSE_WAIT on loopback, for
// the tests of sockstate and internal/sockscan and the benchmark of the
// scanner (sockstate/bench): it accepts connections, lets
// the peer close them and never closes its own side.
//
// Imports: the standard library only, as the rest of the runtime library: never the analyzers or
// golang.org/x/tools.
package holder

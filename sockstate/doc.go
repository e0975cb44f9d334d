// Package sockstate inspects live TCP sockets on Linux: it lists sockets by
// state, finds the process, file descriptor and network namespace that own
// them, tells inbound from outbound connections, estimates how long a
// CLOSE_WAIT socket has waited, and finds orphaned TCP descriptors: sockets
// that a peer reset while the program still held them open, which appear in
// no socket table.
//
// A socket in CLOSE_WAIT has received its peer's FIN and waits for the
// owning program to call Close. No kernel timer ends that state, so a
// growing number of such sockets is a leak in the program. Scan reports what
// the kernel sees; VerifyNone turns a leak in the current process into a
// failing test, in the manner of go.uber.org/goleak.
//
// Sockets are listed through netlink NETLINK_SOCK_DIAG (inet_diag), with
// the state filter applied in the kernel; where netlink is refused, Scan
// falls back to /proc/<pid>/net/tcp and tcp6. Owners are found through the
// links in /proc/<pid>/fd. Processes of other users can be resolved only
// with root privileges; their sockets are reported with PID 0.
//
// Imports: the standard library, golang.org/x/sys and the netlink
// package; never closewait's analyzers (analyzer, passes), its commands or
// golang.org/x/tools, so that test binaries importing it stay small
// (passes/imports_test.go checks it, for sockstate/... and its tests).
//
// On systems other than Linux the package builds, but Scan returns an error
// wrapping ErrUnsupported.
package sockstate

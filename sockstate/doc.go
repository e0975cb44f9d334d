// Package sockstate finds TCP sockets that a program forgot to close, on
// Linux. Its test helper, in the manner of go.uber.org/goleak, fails a test
// whose process still holds sockets in CLOSE_WAIT or orphaned TCP
// descriptors:
//
//	func TestServer(t *testing.T) {
//		defer sockstate.VerifyNone(t)
//		...
//	}
//
//	// or once for the whole package:
//	func TestMain(m *testing.M) { sockstate.VerifyTestMain(m) }
//
// with options such as IgnoreCurrent, IgnoreLocalPorts, MaxWait and
// Cleanup. A socket in CLOSE_WAIT has received its peer's FIN and waits
// for the owning program to close it. No kernel timer ends that state: only
// the program's Close, its exit, or, in Go, the finalizer of an unreachable
// connection, at a time nobody controls; VerifyNone keeps the collector
// off while it waits, and reports which leaked sockets were still
// referenced and which only the collector would have closed.
//
// Under the helper is a scanner (Scan, Scanner, ScanOptions) that lists
// sockets by state, finds the process, file descriptor and network
// namespace that own them, tells inbound from outbound connections,
// estimates how long a CLOSE_WAIT socket has waited, and finds orphaned
// TCP descriptors: sockets that a peer reset while the program still held
// them open, which appear in no socket table.
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

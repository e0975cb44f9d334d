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
// Each reported socket is one line of the error: its addresses, whether
// it was accepted or dialed, its state and descriptor, and why it counts
// as leaked. The sockets are found by closewait's scanner, which the
// closewait sockets command shares; it reads only the current process's
// descriptors.
//
// Imports: the standard library and closewait's scanner (golang.org/x/sys
// and the netlink package); never closewait's analyzers (analyzer,
// passes), its commands or golang.org/x/tools, so that test binaries
// importing it stay small (passes/imports_test.go checks it, for
// sockstate/... and its tests).
//
// On systems other than Linux the package builds, and the checks do
// nothing: Find returns an error wrapping ErrUnsupported.
package sockstate

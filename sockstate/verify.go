package sockstate

import (
	"errors"
	"fmt"
	"os"

	"github.com/closewait/closewait/internal/sockscan"
)

// ErrUnsupported is wrapped by the error of Find on systems where socket
// inspection is not implemented (everything but Linux); VerifyNone and
// VerifyTestMain then check nothing.
var ErrUnsupported = sockscan.ErrUnsupported

// TestingT is the subset of *testing.T and *testing.B used by VerifyNone.
type TestingT interface {
	Error(args ...any)
}

// TestingM is the subset of *testing.M used by VerifyTestMain.
type TestingM interface {
	Run() int
}

// VerifyNone fails the test through t.Error if the current process holds
// sockets in CLOSE_WAIT or orphaned TCP descriptors (see Find). Use it at
// the end of a test, usually deferred:
//
//	defer sockstate.VerifyNone(t)
//
// While it waits for sockets to settle, VerifyNone keeps the garbage
// collector from running, so that a socket counts as closed only when the
// code closed it: Go's net package closes an unreachable connection from a
// finalizer, at a time nobody controls, and a leak that the collector
// happens to clean up during the check would otherwise pass. The report
// says of each socket whether it was still referenced or closed only by
// the garbage collector.
//
// The check covers the whole process, so it does not mix with
// t.Parallel: sockets of tests running alongside would be reported. For
// such packages use VerifyTestMain. On systems other than Linux
// VerifyNone does nothing.
func VerifyNone(t TestingT, opts ...Option) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if err := Find(opts...); err != nil && !errors.Is(err, ErrUnsupported) {
		t.Error(err)
	}
}

// osExit is os.Exit; a variable only so that the default of Cleanup reads
// as what it replaces.
var osExit = os.Exit

// VerifyTestMain runs the tests of m and, if they pass, checks as Find
// does that no socket leaked; it then exits with the tests' code, or 1 if
// sockets leaked. Call it from TestMain:
//
//	func TestMain(m *testing.M) { sockstate.VerifyTestMain(m) }
//
// With the Cleanup option, the cleanup function is called with the exit
// code instead of os.Exit.
func VerifyTestMain(m TestingM, opts ...Option) {
	code := m.Run()
	o := buildOpts(opts)
	exit := osExit
	if o.cleanup != nil {
		exit = o.cleanup
	}
	if code == 0 {
		if err := Find(opts...); err != nil && !errors.Is(err, ErrUnsupported) {
			fmt.Fprintf(os.Stderr, "sockstate: leaked sockets after a successful test run: %v\n", err)
			code = 1
		}
	}
	exit(code)
}

package sockets

import (
	"os"
	"testing"
)

// asCommandEnv, set to 1, makes the test binary run the sockets command
// on its arguments instead of the tests: the tests that must run the
// command as another process (as another user) start the test binary so.
const asCommandEnv = "CLOSEWAIT_TEST_RUN_SOCKETS"

func TestMain(m *testing.M) {
	if os.Getenv(asCommandEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

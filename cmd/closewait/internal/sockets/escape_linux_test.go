package sockets

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// TestSocketsEscapesCommand names the test process, which holds a leaked
// socket, with terminal escape sequences (a process sets its own
// /proc/<pid>/comm): the text report must show them escaped, not send
// them to the terminal.
func TestSocketsEscapesCommand(t *testing.T) {
	l := newLeaker(t)
	l.leak(false)
	old, err := os.ReadFile("/proc/self/comm")
	if err != nil {
		t.Fatal(err)
	}
	const evil = "ev\x1b[2J\x1b[H\ril"
	if err := os.WriteFile("/proc/self/comm", []byte(evil), 0); err != nil {
		t.Fatal(err)
	}
	defer os.WriteFile("/proc/self/comm", bytes.TrimSpace(old), 0)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pidArg()}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	out := stdout.String()
	if strings.ContainsAny(out, "\x1b\r") {
		t.Errorf("the report holds the process name's control characters:\n%q", out)
	}
	if want := `"ev\x1b[2J\x1b[H\ril"`; strings.Count(out, want) < 2 {
		t.Errorf("the report does not show the name escaped, as %s, in the groups and the processes:\n%s", want, out)
	}
}

package lint

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// openPTY returns the two ends of a new pseudo-terminal.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("no pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	fd := int(master.Fd())
	if err := unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0); err != nil {
		t.Fatalf("unlocking the pseudo-terminal: %v", err)
	}
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	if err != nil {
		t.Fatalf("pseudo-terminal number: %v", err)
	}
	slave, err = os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatalf("opening the pseudo-terminal: %v", err)
	}
	t.Cleanup(func() { slave.Close() })
	return master, slave
}

// TestProgressOnTerminal runs closewait with standard error on a
// pseudo-terminal: it shows "closewait: N/TOTAL packages", rewritten in
// place up to TOTAL/TOTAL and erased, before the findings. With standard
// error on a pipe, it shows none.
func TestProgressOnTerminal(t *testing.T) {
	t.Parallel() // -cache=off: a cold run
	if r, _ := uncachedExample(t); r.code != exitLeaks || strings.Contains(r.stderr, "\r") || strings.Contains(r.stderr, "packages") {
		t.Errorf("stderr on a pipe: exit %d, want %d and findings only:\n%q", r.code, exitLeaks, r.stderr)
	}

	master, slave := openPTY(t)
	cmd := exec.Command(closewaitBin, "-cache=off", "./testdata/example")
	cmd.Dir = repoRoot
	cmd.Stderr = slave
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close() // the child holds it: reading the master ends when the child exits
	var out bytes.Buffer
	done := make(chan struct{})
	go func() {
		io.Copy(&out, master) // ends with EIO once the child closes the terminal
		close(done)
	}()
	err := cmd.Wait()
	<-done
	if code := cmd.ProcessState.ExitCode(); code != exitLeaks {
		t.Fatalf("exit %d (%v), want %d (findings)\n%s", code, err, exitLeaks, out.String())
	}
	text := strings.ReplaceAll(out.String(), "\r\n", "\n")
	steps := regexp.MustCompile(`\rclosewait: (\d+)/(\d+) packages`).FindAllStringSubmatch(text, -1)
	if len(steps) == 0 {
		t.Fatalf("no progress on the terminal:\n%q", text)
	}
	last := steps[len(steps)-1]
	if last[1] != last[2] {
		t.Errorf("the last progress line is %q, want TOTAL/TOTAL", last[0])
	}
	end := strings.LastIndex(text, last[0]) + len(last[0])
	erase := "\r" + strings.Repeat(" ", len(last[0])-1) + "\r"
	if !strings.HasPrefix(text[end:], erase) {
		t.Errorf("the progress line is not erased before the findings: %q", text[end:min(len(text), end+200)])
	}
	if !strings.Contains(text[end:], "main.go:51:13: net.Listener ln") {
		t.Errorf("findings missing after the progress:\n%s", text[end:])
	}
}

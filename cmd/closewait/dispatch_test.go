package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// closewaitBin is the closewait binary that TestMain builds once.
var closewaitBin string

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "closewait-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	closewaitBin = filepath.Join(dir, "closewait")
	if out, err := exec.Command("go", "build", "-o", closewaitBin, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building closewait: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// runBin runs the built binary with args in dir and returns its output
// and exit status.
func runBin(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(closewaitBin, args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !(errors.As(err, &exit) && exit.Exited()) {
		t.Fatalf("closewait %s: %v", strings.Join(args, " "), err)
	}
	return out.String(), errOut.String(), cmd.ProcessState.ExitCode()
}

// TestDispatch checks that each command line reaches its command: the
// subcommands by their name, the go vet protocol and everything else the
// linter.
func TestDispatch(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string // a substring of stdout
		stderr string // a substring of stderr
	}{
		{[]string{"sockets", "-help"}, 0, "", "usage: closewait sockets"},
		{[]string{"exporter", "-help"}, 0, "", "usage: closewait exporter"},
		{[]string{"precommit", "README.md"}, 0, "", ""}, // no .go file: nothing to analyze
		{[]string{"precommit", "-nosuchflag"}, 2, "", "flag provided but not defined: -nosuchflag"},
		{[]string{"-version"}, 0, "closewait ", ""},
		{[]string{"-help"}, 0, "closewait sockets [flags]", ""},
		{[]string{"help", "connleak"}, 0, "connleak: ", ""},
		{[]string{}, 2, "", "no packages to analyze"},
		{[]string{"-V=full"}, 0, " version devel ", ""},
		{[]string{"sockets", "extra"}, 2, "", "closewait sockets: unexpected argument"},
	} {
		stdout, stderr, code := runBin(t, dir, tc.args...)
		if code != tc.code || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("closewait %s: exit %d, stdout %q, stderr %q; want exit %d, stdout with %q, stderr with %q",
				strings.Join(tc.args, " "), code, stdout, stderr, tc.code, tc.stdout, tc.stderr)
		}
	}
	// The flag query of go vet lists the passes' enable flags.
	stdout, _, code := runBin(t, dir, "-flags")
	var flags []struct{ Name string }
	if err := json.Unmarshal([]byte(stdout), &flags); err != nil || code != 0 {
		t.Fatalf("-flags: exit %d, %v:\n%s", code, err, stdout)
	}
	found := false
	for _, f := range flags {
		found = found || f.Name == "connleak"
	}
	if !found {
		t.Errorf("-flags lists no connleak flag:\n%s", stdout)
	}
}

package sockets

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// netnsHolder starts a Python child in a new network namespace (loopback
// up) that holds one inbound CLOSE_WAIT socket, and returns its pid and
// the inode of its namespace. The child exits at cleanup.
func netnsHolder(t *testing.T) (pid int, ns uint64) {
	t.Helper()
	script := `
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
c = socket.create_connection(l.getsockname()); s, _ = l.accept(); c.close()
print("ready", flush=True)
sys.stdin.read()
`
	cmd := exec.Command("unshare", "-n", "sh", "-c", `ip link set lo up && exec python3 -c "$0"`, script)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a child in a new network namespace: %v", err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	line := make(chan string, 1)
	go func() { s, _ := bufio.NewReader(stdout).ReadString('\n'); line <- s }()
	select {
	case s := <-line:
		if strings.TrimSpace(s) != "ready" {
			t.Skipf("namespaced child did not start (unshare, ip and python3 needed): %q", s)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("namespaced child not ready after 20s")
	}
	pid = cmd.Process.Pid
	fi, err := os.Stat(fmt.Sprintf("/proc/%d/ns/net", pid))
	if err != nil {
		t.Fatal(err)
	}
	return pid, statIno(fi)
}

// TestSocketsNamespaces shows sockets of two network namespaces: the text
// has a NETNS column naming each socket's namespace (and none when one
// namespace is shown), and ages that cannot be known (-proc) are
// explained.
func TestSocketsNamespaces(t *testing.T) {
	l := newLeaker(t)
	l.leak(false)
	child, childNS := netnsHolder(t)
	self, err := os.Stat("/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	selfNS := statIno(self)
	pids := pidArg() + "," + strconv.Itoa(child)

	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pids}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"2 network namespaces",
		"  NETNS  ",
		fmt.Sprintf("  %d  CLOSE_WAIT  %d ", childNS, child),
		fmt.Sprintf("  %d  CLOSE_WAIT  %s ", selfNS, pidArg()),
		"NETNS: inode of the socket's network namespace",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("two namespaces: output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "OLDEST ?") {
		t.Errorf("ages known, yet the no-age note is printed:\n%s", out)
	}

	// One namespace: no column. Read through /proc: no ages, and a note.
	stdout.Reset()
	if code := run([]string{"-pid", pidArg(), "-proc"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out = stdout.String()
	if strings.Contains(out, "NETNS") {
		t.Errorf("one namespace, yet a NETNS column:\n%s", out)
	}
	if !strings.Contains(out, "OLDEST ?: no age known") {
		t.Errorf("-proc: ages shown as ? without the note:\n%s", out)
	}
}

func statIno(fi os.FileInfo) uint64 {
	return fi.Sys().(*syscall.Stat_t).Ino
}

package sockets

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestSocketsHolders leaks a CLOSE_WAIT socket and lets a child process
// inherit it through exec.Cmd.ExtraFiles, as its fd 3: two processes hold
// it, and the report must name both, in text and in JSON, and say that
// one of them closing its copy leaves the socket open.
func TestSocketsHolders(t *testing.T) {
	l := newLeaker(t)
	c := l.leak(false)
	f, err := c.(*net.TCPConn).File()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("sleep", "60")
	cmd.ExtraFiles = append(cmd.ExtraFiles, f)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	f.Close() // the dup: the test process keeps the conn's own fd
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	child := cmd.Process.Pid
	pids := pidArg() + "," + strconv.Itoa(child)

	var stdout, stderr bytes.Buffer
	if code := run([]string{"-pid", pids, "-json"}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var r struct {
		Sockets []struct {
			Local   string `json:"local"`
			PID     int    `json:"pid"`
			Holders []struct {
				PID     int    `json:"pid"`
				Command string `json:"command"`
				FD      int    `json:"fd"`
			} `json:"holders"`
		} `json:"sockets"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("bad JSON: %v\n%s", err, stdout.String())
	}
	if len(r.Sockets) != 1 {
		t.Fatalf("%d sockets, want the one shared socket:\n%s", len(r.Sockets), stdout.String())
	}
	got := map[int]int{}
	for _, h := range r.Sockets[0].Holders {
		got[h.PID] = h.FD
		if h.PID == child && h.Command != "sleep" {
			t.Errorf("child holder %+v, want command sleep", h)
		}
	}
	if len(got) != 2 || got[child] != 3 || got[os.Getpid()] != fdOfConn(t, c) {
		t.Errorf("holders %+v, want pid %d fd %d and pid %d fd 3", r.Sockets[0].Holders, os.Getpid(), fdOfConn(t, c), child)
	}

	stdout.Reset()
	if code := run([]string{"-pid", pids}, &stdout, &stderr, nil); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"held by 2 processes: one closing its copy leaves it open",
		fmt.Sprintf("pid %d (sleep) fd 3", child),
		fmt.Sprintf("pid %d (", os.Getpid()),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

// fdOfConn returns the descriptor of a TCP connection.
func fdOfConn(t *testing.T, c net.Conn) int {
	t.Helper()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	fd := -1
	rc.Control(func(u uintptr) { fd = int(u) })
	return fd
}

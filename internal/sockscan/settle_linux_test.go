package sockscan_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// readerEnv makes the test binary act as a child that dials an address and
// reads the connection, closing it as soon as a read fails: a healthy
// client, whose connection is orphaned only between the peer's reset and
// its Close.
const readerEnv = "SOCKSCAN_TEST_READER"

func runReaderChild(addr string) int {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println("ready")
	go func() {
		io.Copy(io.Discard, c)
		c.Close()
		fmt.Println("closed")
	}()
	io.Copy(io.Discard, os.Stdin)
	return 0
}

// TestOrphanIdleConfirmed scans a child that holds a real orphan and does
// nothing else, with an OrphanConfirm of a minute: an idle process has
// already reacted to the reset, so the orphan is confirmed without waiting
// out the interval. The socket's state is read from the socket itself, or,
// where that is refused, from the tables.
func TestOrphanIdleConfirmed(t *testing.T) {
	t.Run("socket state", orphanIdleConfirmed)
	t.Run("tables", func(t *testing.T) {
		defer sockscan.WithoutSocketState()()
		orphanIdleConfirmed(t)
	})
}

func orphanIdleConfirmed(t *testing.T) {
	pid := startHolder(t, nil, "127.0.0.1", 0, false, 1)
	type result struct {
		snap *sockscan.Snapshot
		err  error
	}
	done := make(chan result, 1)
	go func() {
		snap, err := sockscan.Scan(sockscan.ScanOptions{PIDs: []int{pid}, Owners: true, Orphans: true, OrphanConfirm: time.Minute})
		done <- result{snap, err}
	}()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		if len(r.snap.Orphaned) != 1 || r.snap.Orphaned[0].PID != pid || len(r.snap.Unconfirmed) != 0 {
			t.Errorf("orphaned %+v, unconfirmed %+v; want the child's one orphan", r.snap.Orphaned, r.snap.Unconfirmed)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the scan waited out OrphanConfirm although the child was idle")
	}
}

// TestOrphanStoppedUnconfirmed stops a healthy client, then resets its
// connection: the client would close it at once, but cannot run. A one-shot
// scan must not count it as orphaned; it lists it as unconfirmed. Once the
// client runs again it closes the socket, and nothing is left.
func TestOrphanStoppedUnconfirmed(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), readerEnv+"="+ln.Addr().String())
	cmd.Stderr = os.Stderr
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGCONT); stdin.Close(); cmd.Wait() }()
	out := bufio.NewScanner(stdout)
	if !out.Scan() || out.Text() != "ready" {
		t.Fatalf("reader did not start: %q", out.Text())
	}
	srv, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	waitState(t, pid, 'T')
	srv.(*net.TCPConn).SetLinger(0)
	srv.Close() // the client's socket is reset, out of every table
	opts := sockscan.ScanOptions{PIDs: []int{pid}, Owners: true, Orphans: true, OrphanConfirm: 100 * time.Millisecond}
	snap, err := sockscan.Scan(opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Orphaned) != 0 || len(snap.Unconfirmed) != 1 || snap.Unconfirmed[0].PID != pid {
		t.Errorf("stopped client: orphaned %+v, unconfirmed %+v; want none orphaned and its socket unconfirmed", snap.Orphaned, snap.Unconfirmed)
	}
	cmd.Process.Signal(syscall.SIGCONT)
	if !out.Scan() || out.Text() != "closed" {
		t.Fatalf("reader did not close its connection: %q", out.Text())
	}
	if snap, err = sockscan.Scan(opts); err != nil {
		t.Fatal(err)
	}
	if len(snap.Orphaned)+len(snap.Unconfirmed) != 0 {
		t.Errorf("after the client closed: orphaned %+v, unconfirmed %+v", snap.Orphaned, snap.Unconfirmed)
	}
}

// waitState waits until every thread of pid is in state st.
func waitState(t *testing.T, pid int, st byte) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(5 * time.Millisecond) {
		tasks, _ := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		all := len(tasks) > 0
		for _, task := range tasks {
			b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/task/%s/stat", pid, task.Name()))
			s := string(b)
			if i := strings.LastIndexByte(s, ')'); i < 0 || i+2 >= len(s) || s[i+2] != st {
				all = false
			}
		}
		if all {
			return
		}
	}
	t.Fatalf("process %d did not reach state %c", pid, st)
}

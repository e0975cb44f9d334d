package sockscan_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/holder"
	"github.com/closewait/closewait/internal/sockscan"
	"github.com/closewait/closewait/sockstate"
)

// holderEnv makes the test binary act as a socket-holding child process.
const holderEnv = "SOCKSCAN_TEST_HOLDER"

func TestMain(m *testing.M) {
	if spec := os.Getenv(holderEnv); spec != "" {
		os.Exit(runHolderChild(spec))
	}
	if addr := os.Getenv(readerEnv); addr != "" {
		os.Exit(runReaderChild(addr))
	}
	// Dogfood: the tests close everything they open.
	sockstate.VerifyTestMain(m)
}

// runHolderChild holds the sockets described by spec ("addr n eof
// orphans"), prints "ready", and waits for its standard input to close,
// or two minutes at most.
func runHolderChild(spec string) int {
	var cfg holder.Config
	var eof int
	if _, err := fmt.Sscanf(spec, "%s %d %d %d", &cfg.Addr, &cfg.N, &eof, &cfg.Orphans); err != nil {
		fmt.Fprintln(os.Stderr, "bad holder spec:", err)
		return 2
	}
	cfg.ReadEOF, cfg.Listener = eof == 1, true
	h, err := holder.Hold(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer h.Close()
	fmt.Println("ready")
	done := make(chan struct{})
	go func() { io.Copy(io.Discard, os.Stdin); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Minute):
	}
	return 0
}

// startHolder starts a child process holding n CLOSE_WAIT sockets on addr
// and returns its PID. wrap, if not nil, prefixes the command (to run the
// child in another network namespace). The child exits at test cleanup.
func startHolder(t *testing.T, wrap []string, addr string, n int, readEOF bool, orphans int) int {
	t.Helper()
	eof := 0
	if readEOF {
		eof = 1
	}
	args := append(append([]string{}, wrap...), os.Args[0], "-test.run=^$")
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Env = append(os.Environ(), fmt.Sprintf("%s=%s %d %d %d", holderEnv, addr, n, eof, orphans))
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start holder: %v", err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(stdout).ReadString('\n')
		line <- s
	}()
	select {
	case s := <-line:
		if strings.TrimSpace(s) != "ready" {
			t.Fatalf("holder did not start: %q", s)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("holder not ready after 30s")
	}
	return cmd.Process.Pid
}

// hold creates CLOSE_WAIT sockets in the test process, closed at cleanup.
func hold(t *testing.T, cfg holder.Config) *holder.Held {
	t.Helper()
	h, err := holder.Hold(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(h.Close)
	return h
}

// fdOf returns the descriptor of a TCP connection.
func fdOf(t *testing.T, c net.Conn) int {
	t.Helper()
	rc, err := c.(*net.TCPConn).SyscallConn()
	if err != nil {
		t.Fatal(err)
	}
	fd := -1
	rc.Control(func(u uintptr) { fd = int(u) })
	return fd
}

// scanSelf scans the test process's own sockets.
func scanSelf(t *testing.T, opts sockscan.ScanOptions) *sockscan.Snapshot {
	t.Helper()
	opts.PIDs = []int{os.Getpid()}
	snap, err := sockscan.Scan(opts)
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// byLocalRemote indexes sockets by "local remote".
func byLocalRemote(socks []sockscan.Socket) map[string]sockscan.Socket {
	m := make(map[string]sockscan.Socket)
	for _, s := range socks {
		m[s.Local.String()+" "+s.Remote.String()] = s
	}
	return m
}

func connKey(c net.Conn) string {
	return c.LocalAddr().String() + " " + c.RemoteAddr().String()
}

func itoa(n int) string { return strconv.Itoa(n) }

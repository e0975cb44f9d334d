package sockscan_test

import (
	"os"
	"os/exec"
	"slices"
	"testing"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// inNewNetns is the command prefix that runs a child in a new network
// namespace with its loopback interface up.
var inNewNetns = []string{"unshare", "-n", "sh", "-c", `ip link set lo up && exec "$0" "$@"`}

// TestOtherNamespace holds CLOSE_WAIT sockets in a child process in its
// own network namespace, invisible from the host's socket tables, and
// checks that Scan looks inside that namespace, with netlink and /proc.
func TestOtherNamespace(t *testing.T) {
	if out, err := exec.Command(inNewNetns[0], append(inNewNetns[1:], "true")...).CombinedOutput(); err != nil {
		t.Skipf("cannot create a network namespace here (needs root or user namespaces, and iproute2): %v: %s", err, out)
	}
	pid := startHolder(t, inNewNetns, "127.0.0.1", 3, false, 1)
	selfNS := nsOf(t, os.Getpid())
	childNS := nsOf(t, pid)
	if selfNS == childNS {
		t.Fatal("child is in the test's network namespace")
	}

	// Only the current namespace: the child's sockets are invisible.
	snap, err := sockscan.Scan(sockscan.ScanOptions{Owners: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snap.Sockets {
		if s.PID == pid {
			t.Errorf("socket of the namespaced child seen without AllNamespaces: %+v", s)
		}
	}

	for _, procOnly := range []bool{false, true} {
		for _, pids := range [][]int{nil, {pid}} {
			snap, err := sockscan.Scan(sockscan.ScanOptions{Owners: true, Orphans: true, Info: true, AllNamespaces: true, ProcOnly: procOnly, PIDs: pids})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, s := range snap.Sockets {
				if s.PID == pid {
					n++
					if s.NetNS != childNS || s.Direction != sockscan.Inbound || s.RecvQ != 1 || s.HasInfo == procOnly {
						t.Errorf("procOnly=%v pids=%v: child socket %+v (netns want %d)", procOnly, pids, s, childNS)
					}
				}
			}
			if n != 3 || countOrphans(snap, pid) != 1 {
				t.Errorf("procOnly=%v pids=%v: %d sockets and %d orphans of the child, want 3 and 1", procOnly, pids, n, countOrphans(snap, pid))
			}
			if pids == nil && snap.Namespaces < 2 {
				t.Errorf("procOnly=%v: %d namespaces scanned, want at least 2", procOnly, snap.Namespaces)
			}
		}
	}
}

func nsOf(t *testing.T, pid int) uint64 {
	t.Helper()
	fi, err := os.Stat("/proc/" + itoa(pid) + "/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	return statIno(fi)
}

// TestNamespaceVanishes checks that a process in another network
// namespace that exits while a scan is under way (after the scan listed
// it, before it read its namespace's tables) is skipped, not an error,
// in a one-shot scan and in the repeated scans of a watch.
func TestNamespaceVanishes(t *testing.T) {
	if out, err := exec.Command("unshare", "-n", "true").CombinedOutput(); err != nil {
		t.Skipf("cannot create a network namespace here: %v: %s", err, out)
	}
	selfNS := nsOf(t, os.Getpid())
	for _, procOnly := range []bool{false, true} {
		cmd := exec.Command("unshare", "-n", "sleep", "60")
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pid := cmd.Process.Pid
		waited := false
		t.Cleanup(func() {
			if !waited {
				cmd.Process.Kill()
				cmd.Wait()
			}
		})
		for i := 0; nsOf(t, pid) == selfNS; i++ {
			if i == 500 {
				t.Fatal("child did not enter its network namespace")
			}
			time.Sleep(10 * time.Millisecond)
		}
		killed := false
		restore := sockscan.SetBeforeTableHook(func(pids []int) {
			if !killed && slices.Contains(pids, pid) {
				killed = true
				cmd.Process.Kill()
				cmd.Wait()
				waited = true
			}
		})
		sc := sockscan.NewScanner(sockscan.ScanOptions{Owners: true, Orphans: true, Info: true, AllNamespaces: true, ProcOnly: procOnly})
		for i := range 2 {
			if _, err := sc.Scan(); err != nil {
				t.Errorf("procOnly=%v: scan %d: %v", procOnly, i, err)
			}
		}
		restore()
		if !killed {
			t.Errorf("procOnly=%v: the scan never reached the child's namespace", procOnly)
		}
	}
}

// TestSynSentAge checks that a connection still in SYN_SENT, which has
// never heard from its peer, has no age: tcpi_last_ack_recv counts from
// a timestamp never set, and read as an age it was the time since boot.
// A listener that never accepts, with a backlog of 0, in a namespace of
// its own, drops the SYNs once its queue is full, so connects stay
// pending (a Python child does it: Go's Listen takes the system backlog).
func TestSynSentAge(t *testing.T) {
	script := `import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(0)
cs = []
for i in range(4):
    c = socket.socket(); c.setblocking(False)
    try: c.connect(l.getsockname())
    except BlockingIOError: pass
    cs.append(c)
sys.stdin.read()
`
	cmd := exec.Command(inNewNetns[0], append(inNewNetns[1:], "python3", "-c", script)...)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("cannot start a child in a network namespace: %v", err)
	}
	t.Cleanup(func() { stdin.Close(); cmd.Wait() })
	opts := sockscan.ScanOptions{States: []sockscan.State{sockscan.SynSent}, PIDs: []int{cmd.Process.Pid}, Owners: true, Info: true, AllNamespaces: true}
	for i := 0; ; i++ {
		if i == 300 {
			t.Skip("no SYN_SENT socket after 3s (no python3, or no network namespaces here?)")
		}
		snap, err := sockscan.Scan(opts)
		if err == nil && len(snap.Sockets) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(1500 * time.Millisecond)
	snap, err := sockscan.Scan(opts)
	if err != nil || len(snap.Sockets) == 0 {
		t.Fatalf("rescan: %v, no SYN_SENT socket", err)
	}
	for _, s := range snap.Sockets {
		if s.HasInfo {
			t.Errorf("SYN_SENT socket about 1.5 s old has an age of %v (at most %v); want none", s.Age, s.AgeMax)
		}
	}
}

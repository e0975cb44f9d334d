package gotrace

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cilium/ebpf"
	"github.com/cilium/ebpf/asm"
)

// requireBPF skips the test, with the reason, where uprobes cannot be
// used; under CI=true it fails instead, since CI runs as root on a kernel
// that has them.
func requireBPF(t testing.TB) {
	t.Helper()
	why := ""
	if os.Geteuid() != 0 {
		why = "not root"
	} else if _, err := os.Stat(uprobeDir); err != nil {
		why = "no uprobe support in this kernel"
	} else {
		prog, err := ebpf.NewProgram(&ebpf.ProgramSpec{Type: ebpf.Kprobe, License: "Dual BSD/GPL",
			Instructions: asm.Instructions{asm.Mov.Imm(asm.R0, 0), asm.Return()}})
		if err != nil {
			why = fmt.Sprintf("cannot load a BPF program: %v", err)
		} else {
			prog.Close()
		}
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("eBPF uprobes unavailable under CI: %s", why)
	}
	t.Skipf("eBPF uprobes unavailable: %s", why)
}

var (
	buildOnce sync.Once
	childBin  string
	buildErr  error
)

// buildChild builds testdata/sockets once per test binary.
func buildChild(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "closewait-gotrace-")
		if err != nil {
			buildErr = err
			return
		}
		childBin = filepath.Join(dir, "sockets")
		if out, err := exec.Command("go", "build", "-o", childBin, "./testdata/sockets").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return childBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if childBin != "" {
		os.RemoveAll(filepath.Dir(childBin))
	}
	os.Exit(code)
}

// A child is a running testdata/sockets.
type child struct {
	pid int
	in  io.Writer
	out *bufio.Scanner
}

func startChild(t testing.TB) *child {
	t.Helper()
	cmd := exec.Command(buildChild(t))
	cmd.Stderr = os.Stderr
	in, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { in.Close(); cmd.Process.Kill(); cmd.Wait() })
	c := &child{pid: cmd.Process.Pid, in: in, out: bufio.NewScanner(out)}
	c.expect(t, "ready")
	return c
}

func (c *child) expect(t testing.TB, line string) {
	t.Helper()
	if !c.out.Scan() || c.out.Text() != line {
		t.Fatalf("child printed %q (%v), want %q", c.out.Text(), c.out.Err(), line)
	}
}

// hold has the child open n connections, both ends kept.
func (c *child) hold(t testing.TB, n int) {
	t.Helper()
	fmt.Fprintf(c.in, "hold %d\n", n)
	c.expect(t, "done")
}

// siteLines returns the line of each SITE(name) mark of the child.
func siteLines(t testing.TB) map[string]int {
	t.Helper()
	src, err := os.ReadFile("testdata/sockets/main.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := make(map[string]int)
	for i, l := range strings.Split(string(src), "\n") {
		if m := regexp.MustCompile(`// SITE\((.+)\)`).FindStringSubmatch(l); m != nil {
			lines[m[1]] = i + 1
		}
	}
	return lines
}

// drain reads the ring until each tracer (by tag) holds want[tag]
// sockets, for 20 s at most; events of other tags fail the test.
func drain(t testing.TB, r *Ring, tracers map[uint32]*Tracer, want map[uint32]int) {
	t.Helper()
	end := time.Now().Add(20 * time.Second)
	for {
		done := true
		for tag, n := range want {
			done = done && len(tracers[tag].Sockets) >= n
		}
		if done {
			return
		}
		if time.Now().After(end) {
			for tag, n := range want {
				t.Errorf("tag %d: %d sockets recorded, want %d", tag, len(tracers[tag].Sockets), n)
			}
			t.FailNow()
		}
		ev, ok, err := r.Next(time.Now().Add(50 * time.Millisecond))
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			continue
		}
		tr, known := tracers[ev.Tag]
		if !known {
			t.Fatalf("an event with tag %d, attached: %v", ev.Tag, tracers)
		}
		tr.Handle(ev)
	}
}

// TestRingSharedByProcesses attaches two processes that run one
// executable to one ring buffer, with their own tags: the executable is
// opened once, each socket is recorded by its own process's Tracer at the
// child's lines (the same whole stacks from DWARF as from the line
// table's inlining trees), and once one is detached its events stop while
// the other's go on.
func TestRingSharedByProcesses(t *testing.T) {
	requireBPF(t)
	a, b := startChild(t), startChild(t)
	var exes Executables
	ring, err := OpenRing()
	if err != nil {
		t.Fatal(err)
	}
	defer ring.Close()
	tracers := make(map[uint32]*Tracer)
	for tag, c := range map[uint32]*child{1: a, 2: b} {
		exe, err := exes.Open(c.pid)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := ring.Attach(c.pid, exe, tag)
		if err != nil {
			t.Fatal(err)
		}
		tracers[tag] = tr
	}
	if exes.Len() != 1 {
		t.Errorf("%d executables open for two processes of one file, want 1", exes.Len())
	}
	a.hold(t, 3)
	b.hold(t, 5)
	drain(t, ring, tracers, map[uint32]int{1: 6, 2: 10})

	lines := siteLines(t)
	for tag, want := range map[uint32]int{1: 3, 2: 5} {
		tr := tracers[tag]
		sym, compact := NewSymbolizer(tr.Exe), NewCompactSymbolizer(tr.Exe)
		count := make(map[string]int)
		for _, c := range tr.Sockets {
			stack := sym.Stack(c.Stack)
			if fromLineTable := compact.Stack(c.Stack); !slices.Equal(stack, fromLineTable) {
				t.Errorf("tag %d: the line table's inlining trees give\n%v\nDWARF gives\n%v", tag, fromLineTable, stack)
			}
			f := SiteOf(stack)
			kind := KindOf(stack)
			src := tr.Exe.SourcePath(f)
			if !strings.HasPrefix(src, "github.com/closewait/closewait") || !strings.HasSuffix(src, "/cmd/closewait/internal/gotrace/testdata/sockets/main.go") {
				t.Errorf("tag %d: source path %q of %s, want the child's main.go under the module", tag, src, f.File)
			}
			count[fmt.Sprintf("%s %d %s", kind, f.Line, f.Function)]++
		}
		wantCount := map[string]int{
			fmt.Sprintf("dial %d main.main", lines["dial"]):     want,
			fmt.Sprintf("accept %d main.main", lines["accept"]): want,
		}
		if fmt.Sprint(count) != fmt.Sprint(wantCount) {
			t.Errorf("tag %d: sites %v, want %v", tag, count, wantCount)
		}
		if tr.Opened != 2*want {
			t.Errorf("tag %d: %d TCP sockets opened, want %d", tag, tr.Opened, 2*want)
		}
	}

	// Detach a: its new sockets make no events; b's still do.
	tracers[1].Close()
	exes.Release(tracers[1].Exe)
	delete(tracers, 1)
	a.hold(t, 2)
	b.hold(t, 1)
	drain(t, ring, tracers, map[uint32]int{2: 12})
	if exes.Len() != 1 {
		t.Errorf("%d executables open after one of two processes was released, want 1", exes.Len())
	}
	tracers[2].Close()
	exes.Release(tracers[2].Exe)
	if exes.Len() != 0 {
		t.Errorf("%d executables open after both processes were released, want 0", exes.Len())
	}
}

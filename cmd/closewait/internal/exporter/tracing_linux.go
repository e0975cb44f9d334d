package exporter

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/closewait/closewait/cmd/closewait/internal/gotrace"
)

// A tracer attaches gotrace's probes to the Go processes that the
// exporter watches (-pid, -command, -netns, or every process), picks up
// new ones every -trace-poll and detaches exited ones, keeps per socket
// the call stack that created it, and at each scan attributes the
// CLOSE_WAIT sockets and orphaned fds of the traced processes to the
// lines that opened them.
type tracer struct {
	cfg  *config
	logw io.Writer
	err  error // why the probes cannot be attached; nil when they can
	ring *gotrace.Ring
	stop context.CancelFunc
	wg   sync.WaitGroup

	mu      sync.Mutex // guards what follows, and the Tracers and Executables it holds
	exes    gotrace.Executables
	procs   map[int]*tracedProc // by pid
	byTag   map[uint32]*tracedProc
	nextTag uint32
	// skip holds the processes not to try again: not Go programs (""),
	// or Go programs the probes could not be attached to (their command).
	skip map[procID]string
}

// A procID tells a process from a later one with the same pid.
type procID struct {
	pid   int
	start uint64 // start time, in clock ticks since boot
}

// A tracedProc is a process the probes are attached to.
type tracedProc struct {
	id      procID
	file    gotrace.FileID
	command string
	tr      *gotrace.Tracer
	sym     *gotrace.Symbolizer
	sites   map[*gotrace.Created]tracedSite // the creations symbolized so far
}

// A tracedSite is where and how sockets were created.
type tracedSite struct {
	site
	inbound bool // accepted
	listen  bool // a listener: never in CLOSE_WAIT, not a site of the metrics
}

// startTracer loads the probes and starts following the watched
// processes until ctx is done or close is called. When the probes cannot
// be attached it says why on logw and returns a tracer whose views say so
// (closewait_trace_attached 0): the exporter goes on without sites.
func startTracer(ctx context.Context, cfg *config, logw io.Writer) *tracer {
	t := &tracer{cfg: cfg, logw: logw, procs: make(map[int]*tracedProc), byTag: make(map[uint32]*tracedProc),
		nextTag: 1, skip: make(map[procID]string)}
	t.ring, t.err = gotrace.OpenRing()
	if t.err == nil {
		if t.err = t.selfCheck(); t.err != nil {
			t.ring.Close()
		}
	}
	if t.err != nil {
		fmt.Fprintf(logw, "closewait exporter: -trace: cannot attach eBPF uprobes: %v; serving the socket metrics without sites (closewait_trace_attached 0)\n", t.err)
		return t
	}
	ctx, t.stop = context.WithCancel(ctx)
	t.wg.Add(2)
	go t.read(ctx)
	go t.pollEvery(ctx)
	return t
}

// selfCheck attaches the probes to the exporter itself, and detaches
// them: what the kernel and the privileges allow is known at startup,
// not at the first Go process.
func (t *tracer) selfCheck() error {
	self := os.Getpid()
	exe, err := gotrace.OpenExecutable(self)
	if err != nil {
		return err
	}
	defer exe.Close()
	tr, err := t.ring.Attach(self, exe, 0) // tag 0: no tracedProc, its events are dropped
	if err != nil {
		return err
	}
	tr.Close()
	return nil
}

// read hands the ring's events to the Tracers of their processes.
func (t *tracer) read(ctx context.Context) {
	defer t.wg.Done()
	for ctx.Err() == nil {
		ev, ok, err := t.ring.Next(time.Now().Add(50 * time.Millisecond))
		if err != nil {
			fmt.Fprintf(t.logw, "closewait exporter: -trace: reading the ring buffer: %v; no more sites are recorded\n", err)
			return
		}
		if !ok {
			continue
		}
		t.mu.Lock()
		if p := t.byTag[ev.Tag]; p != nil {
			p.tr.Handle(ev)
		}
		t.mu.Unlock()
	}
}

// pollEvery polls now and then every -trace-poll.
func (t *tracer) pollEvery(ctx context.Context) {
	defer t.wg.Done()
	tick := time.NewTicker(t.cfg.TracePoll)
	defer tick.Stop()
	for {
		t.poll()
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// poll attaches to the watched Go processes it has not tried yet and
// detaches from those that exited (or exec'd another program).
func (t *tracer) poll() {
	pids, err := t.watched()
	if err != nil {
		fmt.Fprintf(t.logw, "closewait exporter: -trace: %v\n", err)
		return
	}
	self := os.Getpid()
	alive := make(map[procID]bool, len(pids))
	for _, pid := range pids {
		start, err := procStart(pid)
		if err != nil || pid == self {
			continue // exited
		}
		id := procID{pid, start}
		alive[id] = true
		t.mu.Lock()
		p, traced := t.procs[pid]
		_, skipped := t.skip[id]
		t.mu.Unlock()
		if traced && p.id == id {
			if file, err := gotrace.ExecutableFile(pid); err == nil && file == p.file {
				t.mu.Lock()
				p.tr.Prune() // in case it has stopped creating sockets
				t.mu.Unlock()
				continue
			}
		}
		if traced {
			t.detach(p) // exited and replaced, or exec'd another program
		}
		if !skipped {
			t.attach(id)
		}
	}
	t.mu.Lock()
	var gone []*tracedProc
	for _, p := range t.procs {
		if !alive[p.id] {
			gone = append(gone, p)
		}
	}
	for id := range t.skip {
		if !alive[id] {
			delete(t.skip, id)
		}
	}
	t.mu.Unlock()
	for _, p := range gone {
		t.detach(p)
	}
}

// watched returns the processes that -pid, -command and -netns select.
func (t *tracer) watched() ([]int, error) {
	if !t.cfg.filtered() {
		return listPIDs()
	}
	sel, err := selectProcesses(t.cfg)
	return sel.pids, err
}

// attach attaches the probes to a process, if it is a Go program with the
// net package. Failures on Go programs are logged, once per process, and
// counted in closewait_trace_failed_processes; processes that are not Go
// programs are logged only when -pid or -command named them.
func (t *tracer) attach(id procID) {
	command, _ := procCommand(id.pid)
	file, err := gotrace.ExecutableFile(id.pid)
	if err != nil {
		t.skipProc(id, command, err)
		return
	}
	exe, err := t.openExecutable(id.pid)
	if err != nil {
		t.skipProc(id, command, err)
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tag := t.nextTag
	tr, err := t.ring.Attach(id.pid, exe, tag)
	if err != nil {
		t.exes.Release(exe)
		t.skipLocked(id, command, err)
		return
	}
	t.nextTag++
	p := &tracedProc{id: id, file: file, command: command, tr: tr, sym: gotrace.NewCompactSymbolizer(exe),
		sites: make(map[*gotrace.Created]tracedSite)}
	t.procs[id.pid], t.byTag[tag] = p, p
}

// openExecutable opens a process's executable, through the cache shared
// by the processes that run the same file.
func (t *tracer) openExecutable(pid int) (*gotrace.Executable, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.exes.Open(pid)
}

func (t *tracer) skipProc(id procID, command string, err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.skipLocked(id, command, err)
}

// skipLocked records that a process is not to be tried again, and says
// why when that is news to the user.
func (t *tracer) skipLocked(id procID, command string, err error) {
	if errors.Is(err, fs.ErrNotExist) {
		t.skip[id] = "" // exited (a zombie), or a kernel thread: no executable
		return
	}
	if errors.Is(err, gotrace.ErrNotGo) || errors.Is(err, gotrace.ErrNoNet) {
		t.skip[id] = ""
		if t.cfg.PIDs != nil || t.cfg.Command != nil {
			fmt.Fprintf(t.logw, "closewait exporter: -trace: not tracing pid %d (%s): %v\n", id.pid, command, err)
		}
		return
	}
	if command == "" {
		command = "?"
	}
	t.skip[id] = command
	fmt.Fprintf(t.logw, "closewait exporter: -trace: cannot trace pid %d (%s): %v\n", id.pid, command, err)
}

// detach detaches the probes from a process.
func (t *tracer) detach(p *tracedProc) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.procs[p.id.pid] != p {
		return
	}
	p.tr.Close()
	t.exes.Release(p.tr.Exe)
	delete(t.procs, p.id.pid)
	for tag, q := range t.byTag {
		if q == p {
			delete(t.byTag, tag)
		}
	}
}

// close detaches every probe and closes the ring.
func (t *tracer) close() {
	if t.err != nil {
		return
	}
	t.stop()
	t.wg.Wait()
	t.mu.Lock()
	procs := make([]*tracedProc, 0, len(t.procs))
	for _, p := range t.procs {
		procs = append(procs, p)
	}
	t.mu.Unlock()
	for _, p := range procs {
		t.detach(p)
	}
	t.ring.Close()
}

// procStart returns the start time of process pid, field 22 of
// /proc/<pid>/stat.
func procStart(pid int) (uint64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	s := string(b)
	// The command, field 2, is in parentheses and may hold anything.
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 20 {
		return 0, fmt.Errorf("/proc/%d/stat: too few fields", pid)
	}
	return strconv.ParseUint(fields[19], 10, 64)
}

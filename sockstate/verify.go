package sockstate

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"time"
)

// TestingT is the subset of *testing.T and *testing.B used by VerifyNone.
type TestingT interface {
	Error(args ...any)
}

// TestingM is the subset of *testing.M used by VerifyTestMain.
type TestingM interface {
	Run() int
}

// An Option configures Find, VerifyNone and VerifyTestMain.
type Option func(*verifyOpts)

type verifyOpts struct {
	ignoreLocalPorts  map[uint16]bool
	ignoreRemotePorts map[uint16]bool
	ignoreLocal       []addrMatch
	ignoreRemote      []addrMatch
	ignoreOrphans     bool
	established       map[uint64]bool // baseline; nil when not flagged
	baselineErr       error
	maxWait           time.Duration
	cleanup           func(int) int
	err               error // bad option
}

// addrMatch matches an address, or an address and port.
type addrMatch struct {
	addr netip.Addr
	port uint16 // 0 matches any port
}

// IgnoreLocalPorts ignores sockets whose local port is one of ports.
func IgnoreLocalPorts(ports ...uint16) Option {
	return func(o *verifyOpts) {
		for _, p := range ports {
			o.ignoreLocalPorts[p] = true
		}
	}
}

// IgnoreRemotePorts ignores sockets whose remote port is one of ports.
func IgnoreRemotePorts(ports ...uint16) Option {
	return func(o *verifyOpts) {
		for _, p := range ports {
			o.ignoreRemotePorts[p] = true
		}
	}
}

// IgnoreLocalAddrs ignores sockets whose local endpoint matches one of
// addrs, each an address ("127.0.0.1", "::1") or an address and port
// ("127.0.0.1:8080", "[::1]:8080"). A malformed address fails the check.
func IgnoreLocalAddrs(addrs ...string) Option {
	return func(o *verifyOpts) { o.ignoreLocal = o.parseAddrs(o.ignoreLocal, addrs) }
}

// IgnoreRemoteAddrs ignores sockets whose remote endpoint matches one of
// addrs, written as for IgnoreLocalAddrs.
func IgnoreRemoteAddrs(addrs ...string) Option {
	return func(o *verifyOpts) { o.ignoreRemote = o.parseAddrs(o.ignoreRemote, addrs) }
}

func (o *verifyOpts) parseAddrs(dst []addrMatch, addrs []string) []addrMatch {
	for _, a := range addrs {
		if ap, err := netip.ParseAddrPort(a); err == nil {
			dst = append(dst, addrMatch{ap.Addr().Unmap(), ap.Port()})
		} else if ip, err := netip.ParseAddr(a); err == nil {
			dst = append(dst, addrMatch{addr: ip.Unmap()})
		} else if o.err == nil {
			o.err = fmt.Errorf("sockstate: bad address %q in ignore option: want ADDR or ADDR:PORT", a)
		}
	}
	return dst
}

// IgnoreOrphans ignores orphaned TCP descriptors (sockets in no table).
func IgnoreOrphans() Option {
	return func(o *verifyOpts) { o.ignoreOrphans = true }
}

// FlagEstablished also reports ESTABLISHED sockets of the process that
// did not exist when the option was created. Create it before the code
// under test runs: in a deferred VerifyNone call, the arguments are
// evaluated when the defer statement runs, so
//
//	defer sockstate.VerifyNone(t, sockstate.FlagEstablished())
//
// at the top of a test flags connections opened during the test and
// still open at its end.
func FlagEstablished() Option {
	base := make(map[uint64]bool)
	snap, err := Scan(selfOptions([]State{Established}))
	if err == nil {
		for _, s := range snap.Sockets {
			base[s.Inode] = true
		}
	}
	return func(o *verifyOpts) {
		o.established = base
		o.baselineErr = err
	}
}

// MaxWait sets how long Find retries before reporting sockets, since
// states take a moment to settle after a Close. The default is 2s.
func MaxWait(d time.Duration) Option {
	return func(o *verifyOpts) { o.maxWait = d }
}

// Cleanup sets a function that VerifyTestMain runs after the check, with
// the exit code; its result becomes the exit code.
func Cleanup(fn func(exitCode int) int) Option {
	return func(o *verifyOpts) { o.cleanup = fn }
}

func buildOpts(opts []Option) *verifyOpts {
	o := &verifyOpts{
		ignoreLocalPorts:  make(map[uint16]bool),
		ignoreRemotePorts: make(map[uint16]bool),
		maxWait:           2 * time.Second,
	}
	for _, fn := range opts {
		fn(o)
	}
	return o
}

func selfOptions(states []State) Options {
	return Options{States: states, PIDs: []int{os.Getpid()}, Owners: true}
}

// Find reports, as an error listing each socket, the CLOSE_WAIT sockets
// and orphaned TCP descriptors that the current process holds, retrying
// until none is left or the wait of MaxWait is over. It reads only the
// current process's descriptors. On systems other than Linux it returns
// an error wrapping ErrUnsupported.
func Find(opts ...Option) error {
	o := buildOpts(opts)
	if o.err != nil {
		return o.err
	}
	if o.baselineErr != nil {
		return fmt.Errorf("sockstate: FlagEstablished: %w", o.baselineErr)
	}
	states := []State{CloseWait}
	if o.established != nil {
		states = append(states, Established)
	}
	so := selfOptions(states)
	so.Orphans = !o.ignoreOrphans
	deadline := time.Now().Add(o.maxWait)
	for delay := time.Millisecond; ; delay = min(2*delay, 100*time.Millisecond) {
		snap, err := Scan(so)
		if err != nil {
			return err
		}
		problems := o.problems(snap)
		if len(problems) == 0 {
			return nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return fmt.Errorf("found unexpected sockets:\n%s", strings.Join(problems, "\n"))
		}
		time.Sleep(min(delay, left))
	}
}

// problems describes each socket and orphan in snap that is not ignored.
func (o *verifyOpts) problems(snap *Snapshot) []string {
	var out []string
	for i := range snap.Sockets {
		s := &snap.Sockets[i]
		if o.ignored(s) {
			continue
		}
		switch s.State {
		case CloseWait:
			why := "EOF read, not closed"
			if s.EOFUnread() {
				why = "EOF not read"
			}
			out = append(out, fmt.Sprintf("tcp %s -> %s CLOSE_WAIT fd %d (%s)", s.Local, s.Remote, s.FD, why))
		case Established:
			if !o.established[s.Inode] {
				out = append(out, fmt.Sprintf("tcp %s -> %s ESTABLISHED fd %d (opened during the test, still open)", s.Local, s.Remote, s.FD))
			}
		}
	}
	for _, orph := range snap.Orphaned {
		out = append(out, fmt.Sprintf("tcp fd %d socket:[%d] orphaned: open but in no socket table (reset by the peer while leaked, or never connected)", orph.FD, orph.Inode))
	}
	return out
}

func (o *verifyOpts) ignored(s *Socket) bool {
	if o.ignoreLocalPorts[s.Local.Port()] || o.ignoreRemotePorts[s.Remote.Port()] {
		return true
	}
	match := func(ms []addrMatch, ap netip.AddrPort) bool {
		for _, m := range ms {
			if m.addr == ap.Addr() && (m.port == 0 || m.port == ap.Port()) {
				return true
			}
		}
		return false
	}
	return match(o.ignoreLocal, s.Local) || match(o.ignoreRemote, s.Remote)
}

// VerifyNone fails the test through t.Error if the current process holds
// sockets in CLOSE_WAIT or orphaned TCP descriptors (see Find). Use it at
// the end of a test, usually deferred:
//
//	defer sockstate.VerifyNone(t)
//
// The check covers the whole process, so it does not mix with
// t.Parallel: sockets of tests running alongside would be reported. For
// such packages use VerifyTestMain. On systems other than Linux
// VerifyNone does nothing.
func VerifyNone(t TestingT, opts ...Option) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if err := Find(opts...); err != nil && !errors.Is(err, ErrUnsupported) {
		t.Error(err)
	}
}

// VerifyTestMain runs the tests of m and, if they pass, checks as Find
// does that no socket leaked; it then exits. Call it from TestMain:
//
//	func TestMain(m *testing.M) { sockstate.VerifyTestMain(m) }
func VerifyTestMain(m TestingM, opts ...Option) {
	code := m.Run()
	o := buildOpts(opts)
	if code == 0 {
		if err := Find(opts...); err != nil && !errors.Is(err, ErrUnsupported) {
			fmt.Fprintf(os.Stderr, "sockstate: leaked sockets after a successful test run: %v\n", err)
			code = 1
		}
	}
	if o.cleanup != nil {
		code = o.cleanup(code)
	}
	os.Exit(code)
}

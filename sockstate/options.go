package sockstate

import (
	"fmt"
	"net/netip"
	"os"
	"time"

	"github.com/closewait/closewait/internal/sockscan"
)

// An Option configures Find, VerifyNone and VerifyTestMain.
type Option func(*verifyOpts)

type verifyOpts struct {
	ignoreLocalPorts  map[uint16]bool
	ignoreRemotePorts map[uint16]bool
	ignoreLocal       []addrMatch
	ignoreRemote      []addrMatch
	ignoreOrphans     bool
	ignoreInodes      map[uint64]bool // IgnoreCurrent's baseline
	established       map[uint64]bool // FlagEstablished's baseline; nil when not flagged
	baselineErr       error
	maxWait           time.Duration
	cleanup           func(int)
	err               error // bad option
}

// addrMatch matches an address, or an address and port.
type addrMatch struct {
	addr netip.Addr
	port uint16 // 0 matches any port
}

// IgnoreCurrent ignores the sockets and descriptors that the process holds
// when the option is created, in any state: those of a shared fixture, or
// of tests that ran before. As with goleak's option of the same name,
// create it before the code under test runs, for instance in a defer
// statement, whose arguments are evaluated at once:
//
//	defer sockstate.VerifyNone(t, sockstate.IgnoreCurrent())
func IgnoreCurrent() Option {
	base, err := currentInodes()
	return func(o *verifyOpts) {
		for ino := range base {
			o.ignoreInodes[ino] = true
		}
		if err != nil && o.baselineErr == nil {
			o.baselineErr = fmt.Errorf("IgnoreCurrent: %w", err)
		}
	}
}

// currentInodes returns the inodes of the TCP sockets and orphaned TCP
// descriptors that the current process holds.
func currentInodes() (map[uint64]bool, error) {
	snap, err := sockscan.Scan(sockscan.ScanOptions{States: sockscan.AllStates(), PIDs: []int{os.Getpid()}, Owners: true, Orphans: true, OrphanConfirm: -1})
	if err != nil {
		return nil, err
	}
	base := make(map[uint64]bool)
	for _, s := range snap.Sockets {
		if s.Inode != 0 { // 0: a connection in a listener's queue, no file of its own
			base[s.Inode] = true
		}
	}
	for _, orph := range snap.Orphaned {
		base[orph.Inode] = true
	}
	return base, nil
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
	snap, err := sockscan.Scan(selfOptions([]sockscan.State{sockscan.Established}))
	if err == nil {
		for _, s := range snap.Sockets {
			base[s.Inode] = true
		}
	}
	return func(o *verifyOpts) {
		o.established = base
		if err != nil && o.baselineErr == nil {
			o.baselineErr = fmt.Errorf("FlagEstablished: %w", err)
		}
	}
}

// MaxWait sets how long Find retries before reporting sockets, since
// states take a moment to settle after a Close. The default is 2s.
func MaxWait(d time.Duration) Option {
	return func(o *verifyOpts) { o.maxWait = d }
}

// Cleanup sets a function that VerifyTestMain calls with the exit code
// instead of os.Exit, as goleak's option of the same name does: it runs
// after the check and is responsible for exiting (or not).
func Cleanup(fn func(exitCode int)) Option {
	return func(o *verifyOpts) { o.cleanup = fn }
}

func buildOpts(opts []Option) *verifyOpts {
	o := &verifyOpts{
		ignoreLocalPorts:  make(map[uint16]bool),
		ignoreRemotePorts: make(map[uint16]bool),
		ignoreInodes:      make(map[uint64]bool),
		maxWait:           2 * time.Second,
	}
	for _, fn := range opts {
		fn(o)
	}
	return o
}

func selfOptions(states []sockscan.State) sockscan.ScanOptions {
	return sockscan.ScanOptions{States: states, PIDs: []int{os.Getpid()}, Owners: true}
}

func (o *verifyOpts) ignored(s *sockscan.Socket) bool {
	if o.ignoreInodes[s.Inode] || o.ignoreLocalPorts[s.Local.Port()] || o.ignoreRemotePorts[s.Remote.Port()] {
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

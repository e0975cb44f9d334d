package sockscan

import (
	"errors"
	"net/netip"
	"time"
)

// ErrUnsupported is wrapped by the errors of Scan on systems where socket
// inspection is not implemented (everything but Linux).
var ErrUnsupported = errors.New("socket inspection is supported only on Linux")

// A Direction tells whether a connection was accepted or dialed.
type Direction uint8

// Directions. A socket is Inbound when its local port is the port of a
// listening socket in the same network namespace, Outbound otherwise.
const (
	DirUnknown Direction = iota
	Inbound
	Outbound
)

// String returns "inbound", "outbound" or "" for an unknown direction.
func (d Direction) String() string {
	switch d {
	case Inbound:
		return "inbound"
	case Outbound:
		return "outbound"
	}
	return ""
}

// A Socket is one TCP socket seen in a socket table.
type Socket struct {
	State  State
	Family int // 4 or 6: the socket's address family
	Local  netip.AddrPort
	Remote netip.AddrPort
	Inode  uint64 // 0 for TIME_WAIT sockets, which have no file
	UID    uint32
	RecvQ  uint32 // bytes not yet read by the program; the peer's FIN counts as one
	SendQ  uint32
	NetNS  uint64 // inode of the network namespace, 0 if unknown

	// Owner, when found: PID is 0 when the owner is unknown
	// (another user's process without root, or TIME_WAIT).
	PID     int
	Command string
	FD      int
	// Holders lists every process and descriptor found holding the socket
	// when there is more than one (inherited across fork and exec, passed
	// over a unix socket, dup'ed), by PID and descriptor; the first is
	// PID, Command and FD. It is nil when one holder was found. Holders
	// are complete when every process was read, as in a scan for orphans
	// without PIDs (or among PIDs with them); scans that stop reading once
	// every socket has an owner may miss some.
	Holders []Holder

	Direction Direction

	// Unaccepted reports a connection that waits in the accept queue of a
	// listening socket (ESTABLISHED, or CLOSE_WAIT once the peer gave up):
	// the kernel completed it, and the server never accepted it. It has
	// no file of its own (Inode 0); PID and FD are those of the listening
	// socket, when its owner was found.
	Unaccepted bool
	listener   uint64 // the inode of that listening socket

	// HasInfo reports whether tcp_info was read (netlink only), and so
	// whether Age and AgeMax are meaningful. It is false for LISTEN and
	// SYN_SENT sockets, which never heard from a peer.
	HasInfo bool
	// Age is the time since the last ACK from the peer (tcpi_last_ack_recv).
	// For CLOSE_WAIT it is a lower bound of the time since the peer's FIN,
	// but the peer's answer to every keepalive probe resets it (Go sends
	// one every 15 s by default), so it says little about old sockets.
	Age time.Duration
	// AgeMax is the time since data last arrived (tcpi_last_data_recv; since
	// the connection was established if none did), an upper bound of the
	// time since the peer's FIN. Pure ACKs, such as the answers to
	// keepalive probes, and a FIN without data do not reset it.
	AgeMax time.Duration
}

// A Holder is a process and one of its descriptors that holds a socket.
type Holder struct {
	PID     int
	Command string
	FD      int
}

// EOFUnread reports whether a CLOSE_WAIT socket still holds the peer's FIN
// (and perhaps data) unread: the program never read to io.EOF. When it is
// false the program read all the data, and the kernel took the FIN with
// it, but the program may not have seen io.EOF: a read that takes the
// last data also takes a FIN that came with it or before the read (the
// FIN is consumed with the data it follows), and returns the data
// without io.EOF, which only the next read would return. The kernel
// keeps no trace of which it was.
func (s *Socket) EOFUnread() bool { return s.RecvQ > 0 }

// An Orphan is a TCP socket descriptor that a process holds open although
// the socket appears in no socket table: typically a leaked connection that
// the peer reset (keepalive does this to leaked CLOSE_WAIT sockets once the
// peer is gone), or a socket that was never connected.
type Orphan struct {
	PID     int
	Command string
	FD      int
	Inode   uint64
	NetNS   uint64
}

// A Process describes a process that owns reported sockets.
type Process struct {
	PID     int
	Command string
	NetNS   uint64
	OpenFDs int    // open descriptors counted while scanning
	FDLimit uint64 // soft RLIMIT_NOFILE, 0 if unknown
}

// A Snapshot is the result of one scan.
type Snapshot struct {
	Time time.Time
	// States counts sockets per state over all scanned namespaces
	// (with ScanOptions.PIDs, only sockets owned by those processes).
	States map[State]int
	// Outbound counts CLOSE_WAIT and TIME_WAIT sockets whose local port is
	// not a listening port, over all scanned namespaces: each holds an
	// ephemeral port.
	Outbound map[State]int
	// Sockets lists the sockets in the requested states.
	Sockets []Socket
	// Orphaned lists TCP descriptors that are in no socket table.
	Orphaned []Orphan
	// Unconfirmed lists TCP descriptors that were in no socket table but
	// whose process was stopped or starved of CPU while the scan waited
	// (see ScanOptions.OrphanConfirm): it may have been about to close
	// them. They are not in Orphaned.
	Unconfirmed []Orphan
	// Processes describes the owners of Sockets and Orphaned, by PID.
	Processes map[int]*Process
	// Denied lists processes whose descriptors could not be read,
	// typically other users' processes when not running as root.
	Denied []int
	// NamespaceDenied lists processes whose network namespace could not be
	// read (other users' processes, without privileges): their sockets
	// were looked for in the scanner's own namespace only, so those of
	// other namespaces are not seen at all, not even counted. Only with
	// ScanOptions.AllNamespaces.
	NamespaceDenied []int
	// Missing lists the processes of ScanOptions.PIDs that do not exist
	// (or are zombies): nothing of theirs was scanned.
	Missing []int
	// Namespaces counts the network namespaces looked into.
	Namespaces int
	// Fallback lists namespaces read through /proc/<pid>/net/tcp because
	// netlink was refused there, by namespace inode.
	Fallback []uint64
	// Duration is how long the scan took.
	Duration time.Duration
}

// ScanOptions configure a scan. The zero value lists CLOSE_WAIT sockets of the
// current network namespace without owners.
type ScanOptions struct {
	// States selects the sockets to list; nil means CLOSE_WAIT.
	States []State
	// PIDs restricts the scan to these processes; nil scans all processes.
	PIDs []int
	// Owners resolves the owning process and descriptor of each socket.
	Owners bool
	// Orphans reports TCP descriptors that are in no socket table.
	// It implies reading every descriptor of the scanned processes.
	Orphans bool
	// Info reads tcp_info for the listed sockets (Age, AgeMax).
	Info bool
	// AllNamespaces looks into the network namespace of every scanned
	// process, not only the current one. Entering another namespace
	// requires CAP_SYS_ADMIN; without it /proc/<pid>/net/tcp is read.
	AllNamespaces bool
	// ProcOnly reads /proc/<pid>/net/tcp{,6} instead of using netlink.
	// The /proc tables carry no tcp_info.
	ProcOnly bool
	// OrphanConfirm is how long a descriptor must stay orphaned before it
	// is reported, unless its process goes idle first. A connection that
	// a busy server opens and closes within the scan, or that its peer
	// has just reset, looks orphaned for a moment, until the program
	// reacts; a leaked one stays so. A candidate is reported once its
	// process has had its chance to close it: all its threads asleep,
	// none scheduled, for 20ms (an idle process has reacted already), or
	// this interval passed while the process ran, or was not starved of
	// CPU; then the same descriptor must still hold the same
	// socket, still in no table. A process stopped or starved of CPU for
	// five times the interval has its candidates in
	// Snapshot.Unconfirmed instead. 0 means DefaultOrphanConfirm; a
	// negative value confirms at once, without waiting (one more reading
	// of the tables and of the descriptor). The wait happens once per
	// scan, and only when there are candidates.
	OrphanConfirm time.Duration
}

// DefaultOrphanConfirm is the default of ScanOptions.OrphanConfirm.
const DefaultOrphanConfirm = 200 * time.Millisecond

func (o *ScanOptions) states() []State {
	if len(o.States) == 0 {
		return []State{CloseWait}
	}
	return o.States
}

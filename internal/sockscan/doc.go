// Package sockscan lists the TCP sockets of a Linux machine by state, with
// the process, file descriptor and network namespace that own them: the
// scanner under the sockstate test helper and the sockets, trace and
// exporter commands. It tells inbound from outbound connections,
// estimates how long a CLOSE_WAIT socket has waited, and finds orphaned
// TCP descriptors: sockets that a peer reset while the program still held
// them open, which appear in no socket table.
//
// Sockets are listed through netlink NETLINK_SOCK_DIAG (inet_diag), with
// the state filter applied in the kernel; where netlink is refused, Scan
// falls back to /proc/<pid>/net/tcp and tcp6. Owners are found through the
// links in /proc/<pid>/fd. Processes of other users can be resolved only
// with root privileges; their sockets are reported with PID 0.
//
// Imports: the standard library, golang.org/x/sys, the netlink package and
// internal/procfs; never closewait's analyzers (analyzer, passes), its
// commands or golang.org/x/tools, since sockstate, which user test
// binaries link, imports it (passes/imports_test.go checks it).
//
// On systems other than Linux the package builds, but Scan returns an error
// wrapping ErrUnsupported.
package sockscan

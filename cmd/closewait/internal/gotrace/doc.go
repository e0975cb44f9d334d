// Package gotrace follows, with eBPF uprobes, the sockets that a running
// Go process creates, and names the line of the program that opened each
// one: what 'closewait trace' reports and what 'closewait exporter -trace'
// serves.
//
// A Tracer attaches uprobes to the process's internal/poll.(*FD).Init
// (every socket of the net package), net/http.(*Transport).roundTrip and
// (*Transport).dialConn (to attribute a connection a Transport dials to
// the request that made it dial), reads the events through a ring buffer
// and keeps, per socket inode, the call stack that created the socket.
// A Symbolizer turns those stacks into frames, inlined calls expanded,
// from the executable's DWARF or, without it, from its Go line table and
// inlining trees; SiteOf picks the frame that names the site.
//
// Imports: cilium/ebpf, x/sys and the standard library; never sockstate
// or its scanner, the analyzers, x/tools or a command. The commands trace and exporter
// import it.
package gotrace

package exporter

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/closewait/closewait/internal/procfs"
)

// A netnsFilter says which network namespaces to look into: all of them
// (the zero value), the exporter's own (self), or the listed inodes.
type netnsFilter struct {
	self   bool
	inodes map[uint64]bool
}

func (f netnsFilter) all() bool { return !f.self && f.inodes == nil }

// parseNetNS parses the -netns value: "all", "self", or a comma-separated
// list of namespace inodes ("4026531840" or "net:[4026531840]", as
// readlink /proc/PID/ns/net and lsns print them), namespace files
// (/proc/PID/ns/net, /run/netns/NAME) or names of /run/netns.
func parseNetNS(v string) (netnsFilter, error) {
	switch strings.TrimSpace(v) {
	case "", "all":
		return netnsFilter{}, nil
	case "self":
		return netnsFilter{self: true}, nil
	}
	f := netnsFilter{inodes: make(map[uint64]bool)}
	for _, e := range strings.Split(v, ",") {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		num := strings.TrimSuffix(strings.TrimPrefix(e, "net:["), "]")
		if ino, err := strconv.ParseUint(num, 10, 64); err == nil && ino > 0 {
			f.inodes[ino] = true
			continue
		}
		path := e
		if !strings.Contains(e, "/") {
			path = "/run/netns/" + e
		}
		ino, err := netnsFileInode(path)
		if err != nil {
			return netnsFilter{}, fmt.Errorf("%q: %v (want all, self, a namespace inode such as 4026531840, or a namespace file such as /proc/PID/ns/net or /run/netns/NAME)", e, err)
		}
		f.inodes[ino] = true
	}
	if len(f.inodes) == 0 {
		return netnsFilter{}, fmt.Errorf("empty namespace list %q", v)
	}
	return f, nil
}

// procCommand returns pid's command name, from /proc/<pid>/comm.
func procCommand(pid int) (string, error) { return procfs.Command(pid) }

// listPIDs returns the PIDs in /proc.
func listPIDs() ([]int, error) { return procfs.ListPIDs() }

// A selection is the processes that one scan looks at.
type selection struct {
	pids       []int // nil: every process
	scanned    int   // processes looked at
	unreadable int   // processes left out because their namespace could not be read
	missing    []int // processes of -pid that do not exist
}

// check returns an error when the selection cannot be scanned as asked:
// a -pid process that does not exist, or a selection that matches no
// process. Its sockets cannot be counted, and zeros would pass for a
// clean state.
func (sel *selection) check(cfg *config) error {
	if len(sel.missing) > 0 {
		pids := make([]string, len(sel.missing))
		for i, pid := range sel.missing {
			pids[i] = strconv.Itoa(pid)
		}
		return fmt.Errorf("-pid: no process %s: its sockets cannot be counted (a restarted service has a new pid: select it with -command)", strings.Join(pids, ","))
	}
	if sel.pids != nil && len(sel.pids) == 0 {
		why := ""
		if sel.unreadable > 0 {
			why = fmt.Sprintf(" (the network namespaces of %d processes of other users could not be read: run as root)", sel.unreadable)
		}
		return fmt.Errorf("%s selects no process%s", cfg.selection, why)
	}
	return nil
}

// selectProcesses returns the processes that cfg's -pid, -command and
// -netns select, or a nil list when cfg selects every process. Processes
// that exit meanwhile are left out; so are those whose network namespace
// cannot be read (without privileges, other users'), which are counted.
func selectProcesses(cfg *config) (selection, error) {
	all, err := listPIDs()
	if err != nil {
		return selection{}, fmt.Errorf("listing processes: %w", err)
	}
	if !cfg.filtered() {
		return selection{scanned: len(all)}, nil
	}
	cands := all
	if cfg.PIDs != nil {
		cands = cfg.PIDs
	}
	var self uint64
	if cfg.NetNS.self {
		if self, err = procNetNS(os.Getpid()); err != nil {
			return selection{}, fmt.Errorf("reading the exporter's own network namespace: %w", err)
		}
	}
	sel := selection{pids: []int{}}
	if cfg.PIDs != nil {
		cands = slices.DeleteFunc(slices.Clone(cands), func(pid int) bool {
			if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err != nil {
				sel.missing = append(sel.missing, pid)
				return true
			}
			return false
		})
	}
	for _, pid := range cands {
		if cfg.Command != nil {
			comm, err := procCommand(pid)
			if err != nil || !cfg.Command.MatchString(comm) {
				continue // exited, or another command
			}
		}
		if !cfg.NetNS.all() {
			ino, err := procNetNS(pid)
			if errors.Is(err, os.ErrPermission) {
				sel.unreadable++
				continue
			}
			if err != nil || (cfg.NetNS.self && ino != self) || (!cfg.NetNS.self && !cfg.NetNS.inodes[ino]) {
				continue
			}
		} else if _, err := os.Stat("/proc/" + strconv.Itoa(pid)); err != nil {
			continue // a -pid that does not exist (any more)
		}
		sel.pids = append(sel.pids, pid)
	}
	sel.scanned = len(sel.pids)
	return sel, nil
}

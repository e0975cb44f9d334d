// Package procfs reads the few facts about processes that closewait's
// runtime half needs from Linux's /proc: the PIDs and a process's command
// name. It is shared by the scanner (internal/sockscan) and the trace and
// exporter commands, so that each fact has one definition.
package procfs

import (
	"os"
	"strconv"
	"strings"
)

// ListPIDs returns the PIDs of all processes in /proc.
func ListPIDs() ([]int, error) {
	f, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	pids := make([]int, 0, len(names))
	for _, n := range names {
		if pid, err := strconv.Atoi(n); err == nil && pid > 0 {
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// Command returns pid's command name, from /proc/<pid>/comm, without its
// trailing newline (and surrounding space).
func Command(pid int) (string, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm")
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(string(b)), nil
}

package gotrace

import (
	"fmt"
	"os"
	"syscall"
)

// Executables opens the executables of processes: one Executable per
// file, shared by the processes that run it (a service's workers, a
// node's replicas), and closed when the last of them is released. The
// line tables and DWARF of a large Go program take tens of megabytes. It
// is not safe for concurrent use.
type Executables struct {
	byFile map[FileID]*sharedExecutable
	byExe  map[*Executable]FileID
}

// A FileID identifies an executable file (device and inode), and its
// version (size and modification time).
type FileID struct {
	dev, ino    uint64
	size, mtime int64
}

type sharedExecutable struct {
	exe  *Executable
	refs int
}

// ExecutableFile identifies the file that process pid runs, which
// changes when it calls exec.
func ExecutableFile(pid int) (FileID, error) {
	fi, err := os.Stat(fmt.Sprintf("/proc/%d/exe", pid))
	if err != nil {
		return FileID{}, err
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return FileID{}, fmt.Errorf("no file identity for /proc/%d/exe", pid)
	}
	return FileID{dev: st.Dev, ino: st.Ino, size: st.Size, mtime: st.Mtim.Nano()}, nil
}

// Open returns the Executable of process pid, opening it unless a process
// that runs the same file has.
func (c *Executables) Open(pid int) (*Executable, error) {
	if c.byFile == nil {
		c.byFile = make(map[FileID]*sharedExecutable)
		c.byExe = make(map[*Executable]FileID)
	}
	id, err := ExecutableFile(pid)
	if err != nil {
		// Gone, a kernel thread (no executable: fs.ErrNotExist), or
		// another user's process without privileges.
		return nil, fmt.Errorf("cannot read the executable of process %d: %w", pid, err)
	}
	if s, ok := c.byFile[id]; ok {
		s.refs++
		return s.exe, nil
	}
	exe, err := OpenExecutable(pid)
	if err != nil {
		return nil, err
	}
	c.byFile[id] = &sharedExecutable{exe: exe, refs: 1}
	c.byExe[exe] = id
	return exe, nil
}

// Release says that a process no longer needs exe; the last release
// closes it.
func (c *Executables) Release(exe *Executable) {
	id, ok := c.byExe[exe]
	if !ok {
		return
	}
	s := c.byFile[id]
	if s.refs--; s.refs == 0 {
		delete(c.byFile, id)
		delete(c.byExe, exe)
		exe.Close()
	}
}

// Len returns how many executables are open.
func (c *Executables) Len() int { return len(c.byFile) }

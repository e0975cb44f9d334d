package gotrace

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"unsafe"

	"github.com/cilium/ebpf"
	"golang.org/x/sys/unix"
)

// A uprobe is a perf event that runs a BPF program whenever the traced
// process executes one instruction of its executable.
//
// It is opened here, with perf_event_open on the kernel's uprobe PMU and
// an ioctl to attach the program, rather than through cilium/ebpf's link
// package: that package's dependencies cost every start of closewait
// about 3 ms of initialization, and go vet starts the tool once per
// package.
type uprobe struct{ fd int }

// uprobeDir is the kernel's uprobe PMU; uprobePMU is where it names the
// perf event type of uprobes.
const (
	uprobeDir = "/sys/bus/event_source/devices/uprobe"
	uprobePMU = uprobeDir + "/type"
)

// openUprobe runs prog when process pid executes the instruction at the
// file offset of the executable at path.
func openUprobe(path string, offset uint64, pid int, prog *ebpf.Program) (*uprobe, error) {
	b, err := os.ReadFile(uprobePMU)
	if err != nil {
		return nil, fmt.Errorf("the kernel has no uprobe support (no %s; it needs CONFIG_UPROBE_EVENTS): %w", uprobePMU, ebpf.ErrNotSupported)
	}
	typ, err := strconv.ParseUint(strings.TrimSpace(string(b)), 10, 32)
	if err != nil {
		return nil, fmt.Errorf("bad %s: %v", uprobePMU, err)
	}
	p, err := unix.BytePtrFromString(path)
	if err != nil {
		return nil, err
	}
	attr := unix.PerfEventAttr{
		Type: uint32(typ),
		Size: unix.PERF_ATTR_SIZE_VER1,
		Ext1: uint64(uintptr(unsafe.Pointer(p))), // config1: the path
		Ext2: offset,                             // config2: the offset
	}
	// For a uprobe, the kernel filters by the process's address space, so
	// one event for the main thread covers every thread.
	fd, err := unix.PerfEventOpen(&attr, pid, -1, -1, unix.PERF_FLAG_FD_CLOEXEC)
	runtime.KeepAlive(p)
	if err != nil {
		return nil, fmt.Errorf("perf_event_open: %w", err)
	}
	if err := unix.IoctlSetInt(fd, unix.PERF_EVENT_IOC_SET_BPF, prog.FD()); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("attach the program: %w", err)
	}
	if err := unix.IoctlSetInt(fd, unix.PERF_EVENT_IOC_ENABLE, 0); err != nil {
		unix.Close(fd)
		return nil, fmt.Errorf("enable the probe: %w", err)
	}
	return &uprobe{fd: fd}, nil
}

func (u *uprobe) Close() error {
	if u.fd < 0 {
		return errors.New("uprobe already closed")
	}
	err := unix.Close(u.fd)
	u.fd = -1
	return err
}

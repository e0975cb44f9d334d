package procfs

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"
)

// TestOwnProcess checks both facts against this test process itself.
func TestOwnProcess(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("/proc is Linux's")
	}
	pids, err := ListPIDs()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pids, os.Getpid()) {
		t.Errorf("ListPIDs has %d PIDs, not this process's %d", len(pids), os.Getpid())
	}
	name, err := Command(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	exe := filepath.Base(os.Args[0])
	if len(exe) > 15 {
		exe = exe[:15] // the kernel keeps 15 bytes of the name
	}
	if name != exe {
		t.Errorf("Command(self) = %q, want %q", name, exe)
	}
	if _, err := Command(-1); err == nil {
		t.Error("Command(-1) did not fail")
	}
}

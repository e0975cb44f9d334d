package trace

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// toolchainsEnv lists the Go toolchains TestTraceGoVersions builds the
// leaker with; by default the oldest supported release, the newest being
// the one running the tests.
const toolchainsEnv = "CLOSEWAIT_TRACE_TOOLCHAINS"

// TestTraceGoVersions traces the leaker built by other Go releases (each
// downloaded through the module proxy by GOTOOLCHAIN), as an ordinary and
// as a position-independent executable, and stripped (-ldflags=-s -w): the
// probed functions, the registers they read, the offset of FD.Sysfd and
// the layouts of the line table's inlining data must hold for each.
func TestTraceGoVersions(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: downloads and builds with another Go toolchain")
	}
	requireBPF(t)
	versions := strings.Fields(os.Getenv(toolchainsEnv))
	if len(versions) == 0 {
		versions = []string{"go1.21.13"}
	}
	src, err := os.ReadFile("testdata/leaker/main.go")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "main.go"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module leaker\n\ngo 1.21\n"), 0o644)
	for _, v := range versions {
		for _, mode := range []string{"exe", "pie", "stripped-pie"} {
			t.Run(v+"/"+mode, func(t *testing.T) {
				bin := filepath.Join(dir, "leaker-"+v+"-"+mode)
				args := []string{"build", "-buildmode=pie", "-o", bin}
				switch mode {
				case "exe":
					args[1] = "-buildmode=exe"
				case "stripped-pie":
					args = append(args, "-ldflags=-s -w")
				}
				cmd := exec.Command("go", append(args, ".")...)
				cmd.Dir = dir
				cmd.Env = append(os.Environ(), "GOTOOLCHAIN="+v, "GOFLAGS=")
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("GOTOOLCHAIN=%s go build: %v\n%s", v, err, out)
				}
				l := startLeaker(t, nil, bin)
				code, out, errs := traceLeaker(t, l, "-json")
				if code != 3 || strings.Contains(errs, "note:") {
					t.Errorf("exit code %d, want 3, and no note; stderr:\n%s", code, errs)
				}
				if r := checkSites(t, out, 3); r.GoVersion != v {
					t.Errorf("go_version %q, want %q", r.GoVersion, v)
				}
			})
		}
	}
}

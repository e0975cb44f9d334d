package lint

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// uncached is the run of closewait -cache=off on the example that
// TestCacheFlag and TestProgressOnTerminal share (a cold analysis of
// net/http's closure), made on first use with a default cache directory
// of its own (XDG_CACHE_HOME), empty before the run.
var uncached struct {
	once sync.Once
	r    runResult
	xdg  string
}

// uncachedExample returns the shared -cache=off run of the example and
// the XDG_CACHE_HOME it ran with.
func uncachedExample(t *testing.T) (runResult, string) {
	t.Helper()
	uncached.once.Do(func() {
		uncached.xdg = filepath.Join(testTmp, "uncached-xdg")
		if err := os.MkdirAll(uncached.xdg, 0o755); err != nil {
			t.Fatal(err)
		}
		uncached.r = runInEnv(t, repoRoot, []string{"XDG_CACHE_HOME=" + uncached.xdg}, closewaitBin, "-cache=off", "./testdata/example")
	})
	return uncached.r, uncached.xdg
}

// TestCacheFlag runs the example with -cache=DIR twice and with
// -cache=off: the same findings each time; DIR holds entries after the
// first run, and -cache=off writes none (into DIR or the default cache,
// here a directory of the run's own).
func TestCacheFlag(t *testing.T) {
	t.Parallel() // its own -cache directory and XDG_CACHE_HOME
	dir := filepath.Join(t.TempDir(), "cache")
	off, xdg := uncachedExample(t)
	if off.code != exitLeaks || off.stderr == "" {
		t.Fatalf("-cache=off: exit %d, want %d with findings:\n%s", off.code, exitLeaks, off.stderr)
	}
	if entries, _ := filepath.Glob(filepath.Join(xdg, "closewait", "*", "*")); len(entries) > 0 {
		t.Errorf("-cache=off wrote %d entries to the default cache", len(entries))
	}
	for _, run := range []string{"cold", "warm"} {
		r := closewait(t, "-cache="+dir, "./testdata/example")
		if r.code != off.code || r.stderr != off.stderr {
			t.Errorf("-cache=DIR, %s: exit %d, stderr\n%s\nwant exit %d, the stderr of -cache=off:\n%s", run, r.code, r.stderr, off.code, off.stderr)
		}
	}
	entries, err := filepath.Glob(filepath.Join(dir, "*", "*"))
	if err != nil || len(entries) == 0 {
		t.Errorf("-cache=%s left no entries (%v)", dir, err)
	}
}

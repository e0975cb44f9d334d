package lint

import (
	"os"
	"path/filepath"
	"testing"
)

// TestCacheFlag runs the example with -cache=DIR twice and with
// -cache=off: the same findings each time; DIR holds entries after the
// first run, and -cache=off writes none (into DIR or the default cache,
// here the test's own XDG_CACHE_HOME).
func TestCacheFlag(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cache")
	off := closewait(t, "-cache=off", "./testdata/example")
	if off.code != exitLeaks || off.stderr == "" {
		t.Fatalf("-cache=off: exit %d, want %d with findings:\n%s", off.code, exitLeaks, off.stderr)
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
	before, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "closewait", "*", "*"))
	closewait(t, "-cache=off", "./testdata/example")
	after, _ := filepath.Glob(filepath.Join(os.Getenv("XDG_CACHE_HOME"), "closewait", "*", "*"))
	if len(after) != len(before) {
		t.Errorf("-cache=off wrote %d entries to the default cache", len(after)-len(before))
	}
}

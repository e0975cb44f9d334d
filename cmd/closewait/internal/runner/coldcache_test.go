package runner

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestMain removes the directory that the tests' shared cold run keeps.
func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// shared is the leaky module and the cache that one cold run of it
// filled, made on first use: the tests that need a populated cache (to
// damage, forge or lock it) start from a copy of it rather than from a
// cold run of their own, which would analyze net and its dependencies
// again each time.
var shared struct {
	once     sync.Once
	dir      string // holds the module and the cache
	module   string
	cacheDir string
	findings []string // of the cold run
	packages int      // analyzed by the cold run, each with an entry
	ok       bool     // the cold run succeeded
}

// A populatedCache is a copy of the shared cache, the module it is of and
// what the cold run that filled it found.
type populatedCache struct {
	module   string // the shared module: the test must not change it
	dir      string // the test's own copy of the cache
	findings []string
	packages int
}

// leakyCache returns a new copy, in the test's own temporary directory,
// of the cache that the cold run of the shared leaky module filled.
func leakyCache(t *testing.T) populatedCache {
	t.Helper()
	shared.once.Do(func() {
		dir, err := os.MkdirTemp("", "closewait-runner-test-")
		if err != nil {
			t.Fatal(err)
		}
		shared.dir = dir
		shared.module = filepath.Join(dir, "m")
		shared.cacheDir = filepath.Join(dir, "cache")
		if err := writeFiles(shared.module, leakyModule); err != nil {
			t.Fatal(err)
		}
		cold, _ := runIn(t, shared.module, shared.cacheDir) // fails t if the run does
		shared.findings = findings(cold)
		shared.packages = cold.Stats.Packages
		shared.ok = true
	})
	if !shared.ok {
		t.Fatal("the shared cold run of the leaky module failed (see the first test that made it)")
	}
	cacheDir := filepath.Join(t.TempDir(), "cache")
	if err := copyTree(shared.cacheDir, cacheDir); err != nil {
		t.Fatal(err)
	}
	return populatedCache{shared.module, cacheDir, shared.findings, shared.packages}
}

// copyTree copies the directory src to dst, files with their permissions.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		fi, err := d.Info()
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(target, fi.Mode().Perm())
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, fi.Mode().Perm())
	})
}
